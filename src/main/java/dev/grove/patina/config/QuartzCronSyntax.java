package dev.grove.patina.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the syntax of a Quartz cron expression without Quartz: 6 or 7 whitespace-separated fields (seconds,
 * minutes, hours, day-of-month, month, day-of-week, optional year), each a list of {@code *}, values, ranges and
 * {@code /} increments, with month and weekday names, {@code ?} in exactly one of day-of-month and day-of-week, and
 * the special forms {@code L}, {@code L-n}, {@code LW}, {@code nW} (day-of-month) and {@code L}, {@code nL},
 * {@code n#k} (day-of-week). It checks form and ranges only; whether an expression ever fires is left to Quartz.
 */
public final class QuartzCronSyntax {
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Pattern INT = Pattern.compile("\\d{1,4}");
    private static final Pattern DOM_LAST_OFFSET = Pattern.compile("L-(\\d{1,2})");
    private static final Pattern DOM_WEEKDAY = Pattern.compile("(\\d{1,2})W");
    private static final Pattern DOW_LAST = Pattern.compile("([0-9A-Za-z]{1,3})L");
    private static final Pattern DOW_NTH = Pattern.compile("([0-9A-Za-z]{1,3})#(\\d{1,2})");

    private record CronField(String name, int min, int max, List<String> names) {
    }

    private static final List<CronField> FIELDS = List.of(
            new CronField("seconds", 0, 59, List.of()),
            new CronField("minutes", 0, 59, List.of()),
            new CronField("hours", 0, 23, List.of()),
            new CronField("day-of-month", 1, 31, List.of()),
            new CronField("month", 1, 12, MONTHS),
            new CronField("day-of-week", 1, 7, DAYS),
            new CronField("year", 1970, 2099, List.of()));
    private static final int DOM = 3;
    private static final int DOW = 5;

    private QuartzCronSyntax() {
    }

    /** True when {@code expression} is a well-formed Quartz cron expression. */
    public static boolean isValid(String expression) {
        return problem(expression).isEmpty();
    }

    /**
     * What is wrong with {@code expression}, in a phrase that can follow "is not a valid Quartz cron expression: ",
     * or empty when it is well formed.
     */
    public static Optional<String> problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return Optional.of("it is empty");
        }
        String[] parts = expression.strip().split("\\s+");
        if (parts.length == 5) {
            return Optional.of("it has 5 fields, like a Unix cron; Quartz puts seconds first and needs ? in"
                    + " day-of-month or day-of-week, for example \"0 0 2 * * ?\"");
        }
        if (parts.length != 6 && parts.length != 7) {
            return Optional.of("it has " + parts.length + " fields; Quartz needs 6 or 7 (seconds minutes hours"
                    + " day-of-month month day-of-week [year]), for example \"0 0 2 * * ?\"");
        }
        for (int i = 0; i < parts.length; i++) {
            Optional<String> p = fieldProblem(i, parts[i].toUpperCase(Locale.ROOT));
            if (p.isPresent()) {
                return Optional.of(FIELDS.get(i).name() + " field '" + parts[i] + "': " + p.get());
            }
        }
        boolean domAny = parts[DOM].equals("?");
        boolean dowAny = parts[DOW].equals("?");
        if (domAny == dowAny) {
            return Optional.of("exactly one of day-of-month and day-of-week must be ?, for example"
                    + " \"0 0 2 * * ?\" or \"0 0 3 ? * SUN\"");
        }
        return Optional.empty();
    }

    private static Optional<String> fieldProblem(int index, String text) {
        CronField field = FIELDS.get(index);
        if (text.equals("?")) {
            return index == DOM || index == DOW ? Optional.empty()
                    : Optional.of("? is allowed only in day-of-month and day-of-week");
        }
        if (index == DOM) {
            Optional<String> special = domSpecial(text);
            if (special != null) {
                return special;
            }
        }
        if (index == DOW) {
            Optional<String> special = dowSpecial(text);
            if (special != null) {
                return special;
            }
        }
        if (text.isEmpty() || text.startsWith(",") || text.endsWith(",")) {
            return Optional.of("empty list item");
        }
        for (String item : text.split(",", -1)) {
            Optional<String> p = itemProblem(field, item);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** Checks {@code L}, {@code L-n}, {@code LW}, {@code nW}; null when {@code text} is none of those. */
    private static Optional<String> domSpecial(String text) {
        if (text.equals("L") || text.equals("LW")) {
            return Optional.empty();
        }
        Matcher offset = DOM_LAST_OFFSET.matcher(text);
        if (offset.matches()) {
            int n = Integer.parseInt(offset.group(1));
            return n <= 30 ? Optional.empty() : Optional.of("the offset of L-n must be at most 30");
        }
        Matcher weekday = DOM_WEEKDAY.matcher(text);
        if (weekday.matches()) {
            int n = Integer.parseInt(weekday.group(1));
            return n >= 1 && n <= 31 ? Optional.empty() : Optional.of("the day of nW must be 1-31");
        }
        if (text.contains("L") || text.contains("W")) {
            return Optional.of("L and W are used alone: L, L-3, LW or 15W");
        }
        return null;
    }

    /** Checks {@code L}, {@code nL}, {@code n#k}; null when {@code text} is none of those. */
    private static Optional<String> dowSpecial(String text) {
        if (text.equals("L")) {
            return Optional.empty();
        }
        Matcher last = DOW_LAST.matcher(text);
        if (last.matches()) {
            return dayValue(last.group(1)) > 0 ? Optional.empty()
                    : Optional.of("nL needs a weekday 1-7 or SUN-SAT before L");
        }
        Matcher nth = DOW_NTH.matcher(text);
        if (nth.matches()) {
            if (dayValue(nth.group(1)) < 0) {
                return Optional.of("n#k needs a weekday 1-7 or SUN-SAT before #");
            }
            int k = Integer.parseInt(nth.group(2));
            return k >= 1 && k <= 5 ? Optional.empty() : Optional.of("the k of n#k must be 1-5");
        }
        if (text.contains("#") || (text.contains("L") && !containsDayName(text))) {
            return Optional.of("L and # are used alone: L, 6L or 6#3");
        }
        return null;
    }

    private static boolean containsDayName(String text) {
        return DAYS.stream().anyMatch(text::contains);
    }

    private static int dayValue(String text) {
        if (INT.matcher(text).matches()) {
            int n = Integer.parseInt(text);
            return n >= 1 && n <= 7 ? n : -1;
        }
        int i = DAYS.indexOf(text);
        return i < 0 ? -1 : i + 1;
    }

    private static Optional<String> itemProblem(CronField field, String item) {
        if (item.isEmpty()) {
            return Optional.of("empty list item");
        }
        String base = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            String step = item.substring(slash + 1);
            if (!INT.matcher(step).matches()) {
                return Optional.of("the increment after / must be a number (found '" + step + "')");
            }
            int n = Integer.parseInt(step);
            int span = field.max() - field.min() + 1;
            if (n < 1 || n > span) {
                return Optional.of("the increment must be 1-" + span + " (found " + n + ")");
            }
            if (base.isEmpty()) {
                return Optional.of("an increment needs a start before /, for example */5 or 0/15");
            }
        }
        if (base.equals("*")) {
            return Optional.empty();
        }
        int dash = base.indexOf('-');
        if (dash >= 0) {
            Optional<String> from = valueProblem(field, base.substring(0, dash));
            return from.isPresent() ? from : valueProblem(field, base.substring(dash + 1));
        }
        return valueProblem(field, base);
    }

    private static Optional<String> valueProblem(CronField field, String value) {
        if (INT.matcher(value).matches()) {
            int n = Integer.parseInt(value);
            if (n < field.min() || n > field.max()) {
                return Optional.of(n + " is out of range " + field.min() + "-" + field.max());
            }
            return Optional.empty();
        }
        if (!field.names().isEmpty()) {
            if (field.names().contains(value)) {
                return Optional.empty();
            }
            return Optional.of("'" + value + "' is not a number " + field.min() + "-" + field.max() + " nor one of "
                    + field.names().get(0) + "-" + field.names().get(field.names().size() - 1));
        }
        return Optional.of("'" + value + "' is not a number " + field.min() + "-" + field.max());
    }
}
