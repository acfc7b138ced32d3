package io.snapgrid.node.rest;

import io.snapgrid.node.rest.problem.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Strong ETags derived from a record's canonical JSON, so equal content means equal tags on every member
 * and no version counter has to survive deletes or restarts.
 */
final class EntityTags {

    /**
     * One digest per thread: looking SHA-256 up in the security providers for every response cost more than hashing
     * the record (about 2/3 of the tag's time in a profile of single-key GETs). {@code digest} resets it for reuse.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(EntityTags::sha256);

    private EntityTags() {
    }

    static String of(byte[] canonicalJson) {
        byte[] digest = SHA_256.get().digest(canonicalJson);
        return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    static String of(String canonicalJson) {
        return of(canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    /** 412 unless the If-Match header names the current value's tag (or is '*'). */
    static void requireMatch(String ifMatch, RecordBodies.Validated current, String key) {
        if (!matches(ifMatch, current.etag(), false)) {
            throw ApiProblem.preconditionFailed("entry '" + key + "' has ETag " + current.etag() + ", not " + ifMatch)
                    .with("etag", current.etag());
        }
    }

    /** RFC 9110 list matching: '*' matches any current entity; If-None-Match compares weakly. */
    static boolean matches(String header, String etag, boolean weak) {
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (weak && tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
