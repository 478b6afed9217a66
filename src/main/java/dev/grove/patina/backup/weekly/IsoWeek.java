package dev.grove.patina.backup.weekly;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One ISO-8601 week: Monday to Sunday, numbered within its week-based year (so 2026-12-31 belongs to 2026-W53 and
 * 2027-01-01 too, while 2027-01-04 starts 2027-W01).
 *
 * @param weekYear the ISO week-based year (not always the calendar year of its days)
 * @param week     1 to 52 or 53
 */
public record IsoWeek(int weekYear, int week) {
    private static final Pattern TEXT = Pattern.compile("(\\d{4})-W(\\d{2})");

    public IsoWeek {
        LocalDate monday = mondayOf(weekYear, week);
        if (monday.get(IsoFields.WEEK_BASED_YEAR) != weekYear || monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != week) {
            throw new IllegalArgumentException(String.format("%04d-W%02d is not a week of %d", weekYear, week,
                    weekYear));
        }
    }

    /** The week that contains {@code day}. */
    public static IsoWeek of(LocalDate day) {
        return new IsoWeek(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Parses {@code YYYY-Www}, such as {@code 2027-W01}. */
    public static IsoWeek parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("week '" + text + "' is not YYYY-Www (e.g. 2026-W48)");
        }
        return new IsoWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * The week a weekly archive made on {@code today} covers: the week ending today when today is a Sunday (the
     * schedule archives on Sunday 03:00, after that night's backup), otherwise the last week that has ended.
     */
    public static IsoWeek lastEndedOnOrBefore(LocalDate today) {
        return of(today.getDayOfWeek() == DayOfWeek.SUNDAY ? today : today.minusWeeks(1));
    }

    public LocalDate monday() {
        return mondayOf(weekYear, week);
    }

    public LocalDate sunday() {
        return monday().plusDays(6);
    }

    /** Monday to Sunday. */
    public List<LocalDate> days() {
        LocalDate monday = monday();
        return IntStream.range(0, 7).mapToObj(monday::plusDays).toList();
    }

    /** {@code YYYY-Www}. */
    @Override
    public String toString() {
        return String.format("%04d-W%02d", weekYear, week);
    }

    private static LocalDate mondayOf(int weekYear, int week) {
        if (week < 1 || week > 53) {
            throw new IllegalArgumentException("week " + week + " is not between 1 and 53");
        }
        // 4 January is always in week 1 of its week-based year
        return LocalDate.of(weekYear, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
    }
}
