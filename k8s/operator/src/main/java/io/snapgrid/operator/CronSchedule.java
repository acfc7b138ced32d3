package io.snapgrid.operator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week), in UTC, as a Kubernetes CronJob
 * reads one: {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists with commas; day of
 * week 0-7 with 0 and 7 Sunday. When both day fields are restricted, a day matching either one matches (cron's
 * rule). No names (MON, JAN) and no macros (@daily).
 */
final class CronSchedule {

    /** Longer than any gap between two matches of a satisfiable expression (29 February: 8 years at worst). */
    private static final int SEARCH_YEARS = 9;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean daysOfMonthRestricted;
    private final boolean daysOfWeekRestricted;

    private CronSchedule(String[] fields) {
        minutes = field(fields[0], 0, 59, "minute");
        hours = field(fields[1], 0, 23, "hour");
        daysOfMonth = field(fields[2], 1, 31, "day of month");
        months = field(fields[3], 1, 12, "month");
        daysOfWeek = field(fields[4], 0, 7, "day of week");
        if (daysOfWeek.get(7)) {
            daysOfWeek.set(0);
        }
        daysOfMonthRestricted = !fields[2].startsWith("*");
        daysOfWeekRestricted = !fields[4].startsWith("*");
    }

    /** @throws IllegalArgumentException naming the field that is wrong */
    static CronSchedule parse(String expression) {
        String[] fields = expression == null ? new String[0] : expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron schedule has 5 fields (minute hour day-of-month month"
                    + " day-of-week), not: " + expression);
        }
        return new CronSchedule(fields);
    }

    /** The first matching minute strictly after {@code after}; empty if none comes (30 February). */
    Optional<Instant> next(Instant after) {
        LocalDateTime time = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDateTime limit = time.plusYears(SEARCH_YEARS);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(time)) {
                time = time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
            } else {
                return Optional.of(time.toInstant(ZoneOffset.UTC));
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime time) {
        boolean dayOfMonth = daysOfMonth.get(time.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(time.getDayOfWeek().getValue() % 7);
        if (daysOfMonthRestricted && daysOfWeekRestricted) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    private static BitSet field(String text, int min, int max, String name) {
        BitSet values = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, name, text);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, name, text);
                to = number(ends[1], min, max, name, text);
                if (from > to) {
                    throw new IllegalArgumentException(name + ": range " + range + " runs backwards in " + text);
                }
            } else {
                from = number(range, min, max, name, text);
                to = slash >= 0 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String text, int min, int max, String name, String field) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below with the field.
        }
        throw new IllegalArgumentException(name + ": " + text + " is not a number from " + min + " to " + max
                + " in " + field);
    }
}
