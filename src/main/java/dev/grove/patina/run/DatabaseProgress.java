package dev.grove.patina.run;

import dev.grove.patina.model.RunStatus;

/**
 * Where one database of a running run stands, in numbers (the console words it as a
 * {@code ui.dashboard.DatabaseProgressLine}).
 *
 * @param status RUNNING until its outcome is known, then OK or FAILED
 */
public record DatabaseProgress(String database, long rows, long bytes, RunStatus status) {
}
