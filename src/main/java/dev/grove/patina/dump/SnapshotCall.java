package dev.grove.patina.dump;

/** One read of a {@link DumpSnapshot}; {@link #run} names the database and what failed when it throws. */
@FunctionalInterface
interface SnapshotCall<T> {
    T get() throws Exception;

    /**
     * Runs {@code call}; a failure other than a {@link DumpException} becomes one naming {@code source} and
     * {@code what}.
     */
    static <T> T run(String source, String what, SnapshotCall<T> call) {
        try {
            return call.get();
        } catch (DumpException e) {
            throw e;
        } catch (Exception e) {
            throw new DumpException("database " + source + ": cannot " + what + ": " + SqlDumpWriter.describe(e), e);
        }
    }
}
