package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuartzCronSyntaxTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "0 0 2 * * ?", "0 0 3 ? * SUN", "0 0 12 * * ?", "0 15 10 ? * *", "0 15 10 * * ? 2005",
            "0 * 14 * * ?", "0 0/5 14 * * ?", "0 0/5 14,18 * * ?", "0 0-5 14 * * ?", "0 10,44 14 ? 3 WED",
            "0 15 10 ? * MON-FRI", "0 15 10 15 * ?", "0 15 10 L * ?", "0 15 10 L-2 * ?", "0 15 10 ? * 6L",
            "0 15 10 ? * 6L 2002-2005", "0 15 10 ? * 6#3", "0 0 12 1/5 * ?", "0 11 11 11 11 ?", "*/10 * * * * ?",
            "0 0 0 LW * ?", "0 0 0 15W * ?", "0 0 0 ? jan-mar fri#2", "  0 0 2 * * ?  ", "0 0 22-2 * * ?",
            "0 0 0 ? * FRIL", "0 0 0 ? DEC,JAN SAT,SUN *"})
    void acceptsQuartzExamples(String expression) {
        assertEquals(Optional.empty(), QuartzCronSyntax.problem(expression), expression);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                     | empty",
            "0 0 2 * *              | 5 fields, like a Unix cron",
            "0 0 2 * * ? 2030 x     | 8 fields",
            "60 0 2 * * ?           | seconds field '60': 60 is out of range 0-59",
            "0 60 2 * * ?           | minutes field",
            "0 0 24 * * ?           | hours field '24'",
            "0 0 2 0 * ?            | day-of-month field '0': 0 is out of range 1-31",
            "0 0 2 32 * ?           | 32 is out of range 1-31",
            "0 0 2 ? 13 MON         | month field '13'",
            "0 0 2 ? FOO MON        | 'FOO' is not a number 1-12 nor one of JAN-DEC",
            "0 0 2 ? * 8            | day-of-week field '8'",
            "0 0 2 ? * MOO          | 'MOO' is not a number 1-7",
            "0 0 2 * * MON          | exactly one of day-of-month and day-of-week must be ?",
            "0 0 2 ? * ?            | exactly one",
            "? 0 2 * * ?            | ? is allowed only in day-of-month and day-of-week",
            "0 0/0 2 * * ?          | the increment must be 1-60",
            "0 0/x 2 * * ?          | the increment after / must be a number",
            "0 /5 2 * * ?           | needs a start before /",
            "0 1,,2 2 * * ?         | empty list item",
            "0 1, 2 * * ?           | minutes field '1,': empty list item",
            "0 0 2 L-31 * ?         | at most 30",
            "0 0 2 32W * ?          | 1-31",
            "0 0 2 1-L * ?          | L and W are used alone",
            "0 0 2 ? * 6#6          | the k of n#k must be 1-5",
            "0 0 2 ? * 9L           | weekday 1-7",
            "0 0 2 * * ? 1969       | year field '1969'",
            "0 0 2 * * ? abc        | 'ABC' is not a number 1970-2099"})
    void rejectsWithAReason(String expression, String reason) {
        Optional<String> problem = QuartzCronSyntax.problem(expression);
        assertTrue(problem.isPresent(), expression);
        assertTrue(problem.get().contains(reason), () -> expression + " -> " + problem.get());
    }
}
