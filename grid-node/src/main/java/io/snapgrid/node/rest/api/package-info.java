/**
 * The request and response bodies of the REST API as types, so that the generated OpenAPI document describes each
 * one. Controllers that build their answers as JSON trees (for speed, or because a record's shape comes from its
 * Avro schema) name these types in their annotations; the contract test checks every answer against them.
 */
package io.snapgrid.node.rest.api;
