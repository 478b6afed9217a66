package dev.grove.patina.dump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What loading a dump into the temporary file found: filled by {@link DumpLoader} and {@link LoadVerifier}. */
final class LoadedDump {
    DumpHeader header;
    /** The restored tables' row counts, by their names as created. */
    final Map<String, Long> counts = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();
    boolean checksumVerified;
    boolean countsVerified;
    long statements;
    long skipped;
    long fkViolations;
    long totalBytes;
    /** The differential applied in the same load (ADR 0028), or null. */
    DiffApplier.Applied applied;
}
