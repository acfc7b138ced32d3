package io.snapgrid.node.rest;

import java.util.Locale;

/**
 * Just enough lexing of SQL text to guard what REST accepts: it skips string literals and quoted
 * identifiers so that a ';' or '--' inside them is not mistaken for structure.
 */
final class SqlText {

    private SqlText() {
    }

    /** The first word, upper-cased, after leading white space and comments; "" if none. */
    static String firstKeyword(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /** Null when the text is one statement (an optional trailing ';' aside); else what is wrong. */
    static String singleStatementProblem(String sql) {
        String structure = outsideQuotes(sql);
        if (structure == null) {
            return "unterminated string literal or quoted identifier";
        }
        String body = structure.strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        return body.contains(";") ? "only one statement is allowed" : null;
    }

    /**
     * Null when the text can stand as one parenthesised predicate inside a larger query; else what is wrong.
     * Comments and ';' could cut the query it is embedded in short, and unbalanced parentheses could escape it.
     */
    static String predicateProblem(String where) {
        String structure = outsideQuotes(where);
        if (structure == null) {
            return "unterminated string literal or quoted identifier";
        }
        if (structure.contains(";") || structure.contains("--") || structure.contains("/*")) {
            return "';' and comments are not allowed in a filter";
        }
        int depth = 0;
        for (char c : structure.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return "unbalanced parentheses";
            }
        }
        return depth == 0 ? null : "unbalanced parentheses";
    }

    /** The text with every quoted span blanked out, or null if a quote is never closed. */
    private static String outsideQuotes(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote == 0) {
                if (c == '\'' || c == '"') {
                    quote = c;
                    out.append(' ');
                } else {
                    out.append(c);
                }
            } else {
                if (c == quote) {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        quote = 0;
                    }
                }
                out.append(' ');
            }
        }
        return quote == 0 ? out.toString() : null;
    }
}
