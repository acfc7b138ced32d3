package io.snapgrid.operator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *        | 2026-12-04T10:02:30Z | 2026-12-04T10:03:00Z
            */15 * * * *     | 2026-12-04T10:02:00Z | 2026-12-04T10:15:00Z
            0 * * * *        | 2026-12-04T10:00:00Z | 2026-12-04T11:00:00Z
            30 2 * * *       | 2026-12-04T10:00:00Z | 2026-12-05T02:30:00Z
            0 0 1 * *        | 2026-12-04T10:00:00Z | 2027-01-01T00:00:00Z
            0 0 * * 0        | 2026-12-04T10:00:00Z | 2026-12-06T00:00:00Z
            0 0 * * 7        | 2026-12-04T10:00:00Z | 2026-12-06T00:00:00Z
            0 0 * * 1-5      | 2026-12-04T10:00:00Z | 2026-12-07T00:00:00Z
            0 0 13 * 5       | 2026-12-04T10:00:00Z | 2026-12-11T00:00:00Z
            5,10 9-17/4 * * *| 2026-12-04T13:05:00Z | 2026-12-04T13:10:00Z
            0 12 29 2 *      | 2026-12-04T10:00:00Z | 2028-02-29T12:00:00Z
            """)
    void nextMatchingMinute(String expression, String after, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), CronSchedule.parse(expression).next(Instant.parse(after)));
    }

    @Test
    void aDateThatNeverComesHasNoNextTime() {
        assertEquals(Optional.empty(), CronSchedule.parse("0 0 30 2 *").next(Instant.parse("2026-12-04T10:00:00Z")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            * * * *       | 5 fields
            60 * * * *    | minute: 60
            * 24 * * *    | hour: 24
            * * 0 * *     | day of month: 0
            * * * 13 *    | month: 13
            * * * * MON   | day of week: MON
            5-1 * * * *   | runs backwards
            */0 * * * *   | minute: 0
            """)
    void aBadExpressionIsRefusedNamingTheField(String expression, String named) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse(expression));
        assertTrue(refused.getMessage().contains(named), refused.getMessage());
    }
}
