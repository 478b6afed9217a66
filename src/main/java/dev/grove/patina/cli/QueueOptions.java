package dev.grove.patina.cli;

import picocli.CommandLine.Option;

/** Where a run command's run goes in a cluster (ADR 0035): the cluster's queue, or with {@code --here} this process. */
final class QueueOptions {
    @Option(names = "--here", description = "With [cluster]: run it in this process (under the cluster's locks) "
            + "instead of handing it to the cluster's queue, where a free node runs it and this command follows it.")
    boolean here;

    boolean here() {
        return here;
    }
}
