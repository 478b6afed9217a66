package dev.grove.patina.schedule;

import dev.grove.patina.backup.BackupService;
import dev.grove.patina.model.RunKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Adapts Patina's services to the scheduler's {@link ScheduledWork} port. */
public final class ScheduledWorks {
    private ScheduledWorks() {
    }

    /**
     * The runs this build can schedule: the nightly backup through {@code backups}; the weekly archive and the
     * cleanup are reported as not available until their services exist.
     */
    public static Map<RunKind, ScheduledWork> of(BackupService backups) {
        Map<RunKind, ScheduledWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, (request, progress) -> backups.runNightly(request.now(), request.trigger(),
                Set.of(), progress, request.catchUpOf()));
        works.put(RunKind.WEEKLY, ScheduledWork.unavailable("the weekly archive is not available in this build yet"));
        works.put(RunKind.CLEANUP, ScheduledWork.unavailable("the retention cleanup is not available in this build "
                + "yet"));
        return works;
    }
}
