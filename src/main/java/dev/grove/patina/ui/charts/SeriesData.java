package dev.grove.patina.ui.charts;

import java.time.LocalDate;
import java.util.List;

/**
 * One line of a chart: a database's values by date, oldest first.
 *
 * @param points the values, in the chart's unit (bytes for size, seconds for duration)
 */
public record SeriesData(String database, List<Point> points) {
    public SeriesData {
        points = List.copyOf(points);
    }

    /** One value on one day. */
    public record Point(LocalDate date, double value) {
    }
}
