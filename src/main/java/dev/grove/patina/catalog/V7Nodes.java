package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Version 7: the node that did the work (issue 17, ADR 0034).
 *
 * <ul>
 *   <li>{@code runs.node}: the cluster node that ran the run (for a scheduled run the node that fired it, for a
 *       recovered fire the node that recovered it); null for a stand-alone process and for every run before
 *       version 7. {@code runs.recovered}: 1 when the run is a recovered fire.</li>
 *   <li>{@code database_results.node}: the node that did that database's part (a fanned-out cluster nightly's parts
 *       run on any node); null when the run's own process did it. {@code database_results.recovered}: 1 when the
 *       part was run again because the node that ran it first died.</li>
 * </ul>
 * Existing rows keep everything and get null and 0. An index finds the node that stored an object (the outcomes
 * that name one), for the lists of objects.
 */
final class V7Nodes implements Migration {
    static final String DDL = """
            ALTER TABLE runs ADD COLUMN node TEXT;                                    -- null: a stand-alone process
            ALTER TABLE runs ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;         -- 1: a recovered fire
            ALTER TABLE database_results ADD COLUMN node TEXT;                        -- null: the run's own process
            ALTER TABLE database_results ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0; -- 1: a recovered part
            CREATE INDEX database_results_by_object ON database_results (object_key) WHERE node IS NOT NULL;
            """;

    @Override
    public int target() {
        return 7;
    }

    @Override
    public String description() {
        return "add the node (and whether it recovered the work) to runs and database_results";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Migration.runDdl(connection, DDL);
    }
}
