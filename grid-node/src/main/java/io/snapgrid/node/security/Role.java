package io.snapgrid.node.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a route needs, as {@link RouteRoles} enforces it. Next to the OpenAPI {@code @SecurityRequirement} that
 * documents the same role: Micronaut keeps no OpenAPI annotation at run time. SecuredRestTest calls every
 * documented operation with the role below the documented one, so the two cannot drift apart unseen.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Role {

    /** {@link Roles#READER}, {@link Roles#WRITER} or {@link Roles#ADMIN}. */
    String value();
}
