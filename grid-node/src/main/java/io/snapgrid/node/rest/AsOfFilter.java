package io.snapgrid.node.rest;

import io.snapgrid.node.rest.problem.ApiProblem;
import org.apache.avro.generic.GenericRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code where} of an as-of listing: the live listing's SQL predicates run in Hazelcast over the live map, and
 * history is read from files, so as-of listings accept the common subset, equality and inequality of scalar
 * fields joined by AND ({@code state = 'Ready' AND nid <> 3}), dotted into nested records ({@code bmc.ip = '...'}).
 * Anything else is refused as 400 invalid-filter; POST /v1/history/sql answers the rest. The change feed filters
 * with the same rule: it tests one record at a time, where no SQL engine runs.
 */
final class AsOfFilter {

    private static final Pattern CONDITION = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\s*(=|<>|!=)\\s*"
                    + "('(?:[^']|'')*'|-?[0-9]+(?:\\.[0-9]+)?|(?i:true|false|null))\\s*");
    private static final Pattern AND = Pattern.compile("(?i)\\s+AND\\s+(?=(?:[^']*'[^']*')*[^']*$)");

    private AsOfFilter() {
    }

    static Predicate<GenericRecord> parse(String where) {
        if (where == null || where.isBlank()) {
            return value -> true;
        }
        List<Predicate<GenericRecord>> conditions = new ArrayList<>();
        for (String part : AND.split(where.trim())) {
            Matcher matcher = CONDITION.matcher(part);
            if (!matcher.matches()) {
                throw ApiProblem.badRequest("invalid-filter", "where: as-of listings and the change feed take field = literal and"
                        + " field <> literal joined by AND; cannot read '" + part.trim() + "'");
            }
            String[] path = matcher.group(1).split("\\.");
            boolean equal = matcher.group(2).equals("=");
            Object literal = literal(matcher.group(3));
            conditions.add(value -> matches(field(value, path), literal) == equal);
        }
        return conditions.stream().reduce(Predicate::and).orElseThrow();
    }

    private static Object literal(String text) {
        if (text.startsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        if (text.equalsIgnoreCase("null")) {
            return null;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text.toLowerCase());
        }
        return new BigDecimal(text);
    }

    private static Object field(GenericRecord value, String[] path) {
        Object current = value;
        for (String name : path) {
            if (!(current instanceof GenericRecord record) || !record.hasField(name)) {
                return null;
            }
            current = record.get(name);
        }
        return current;
    }

    private static boolean matches(Object field, Object literal) {
        if (field == null || literal == null) {
            return field == literal;
        }
        if (literal instanceof BigDecimal number) {
            return field instanceof Number && new BigDecimal(field.toString()).compareTo(number) == 0;
        }
        return Objects.equals(field.toString(), literal.toString());
    }
}
