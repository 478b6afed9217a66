package dev.grove.patina.ui.dashboard;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.util.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Carries a run's progress events from the backup threads to the GUI thread, in one place. Events only update a
 * map; at most one hand-over to the GUI thread is pending at a time, so a fast dump cannot flood the FX queue. A
 * database that has finished keeps its final line even when a late progress event arrives.
 */
final class ProgressRelay implements BackupProgress {
    private final Map<String, DatabaseProgressLine> state = new LinkedHashMap<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final UiExecutor executor;
    private final Consumer<List<DatabaseProgressLine>> publish;

    ProgressRelay(List<String> databases, UiExecutor executor, Consumer<List<DatabaseProgressLine>> publish) {
        for (String db : databases) {
            state.put(db, new DatabaseProgressLine(db, DatabaseProgressLine.Phase.WAITING, "waiting"));
        }
        this.executor = executor;
        this.publish = publish;
    }

    /** The lines before any event arrives: every database waiting. */
    synchronized List<DatabaseProgressLine> snapshot() {
        return new ArrayList<>(state.values());
    }

    @Override
    public void started(String database) {
        update(new DatabaseProgressLine(database, DatabaseProgressLine.Phase.RUNNING, "backing up…"));
    }

    @Override
    public void progress(String database, long rows, long bytes) {
        update(new DatabaseProgressLine(database, DatabaseProgressLine.Phase.RUNNING,
                String.format(Locale.ROOT, "%,d rows, %s", rows, Bytes.formatBytes(bytes))));
    }

    @Override
    public void finished(DatabaseOutcome outcome) {
        update(finalLine(outcome));
    }

    /** The last line of a database, from its outcome. */
    static DatabaseProgressLine finalLine(DatabaseOutcome o) {
        if (o.status() == RunStatus.OK) {
            double seconds = o.duration() == null ? 0 : o.duration().toMillis() / 1000.0;
            return new DatabaseProgressLine(o.database(), DatabaseProgressLine.Phase.OK, String.format(Locale.ROOT,
                    "ok — %s, %,d rows in %.1f s", Bytes.formatBytes(o.bytes()), o.rows(), seconds));
        }
        return new DatabaseProgressLine(o.database(), DatabaseProgressLine.Phase.FAILED,
                "FAILED — " + (o.error() == null ? "no reason recorded" : o.error()));
    }

    private void update(DatabaseProgressLine line) {
        synchronized (this) {
            DatabaseProgressLine old = state.get(line.database());
            if (old != null && (old.phase() == DatabaseProgressLine.Phase.OK
                    || old.phase() == DatabaseProgressLine.Phase.FAILED)) {
                return;
            }
            state.put(line.database(), line);
        }
        if (pending.compareAndSet(false, true)) {
            executor.executeOnGuiThread(() -> {
                pending.set(false);
                publish.accept(snapshot());
            });
        }
    }
}
