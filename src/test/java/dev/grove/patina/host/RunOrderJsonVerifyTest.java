package dev.grove.patina.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.RestoreProofs.CheckRun;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunScope;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A verify handed to the process holding the catalog keeps its scope (databases, decrypt, date, store), and its end
 * line brings back each object's verdict with every check its test restore ran.
 */
class RunOrderJsonVerifyTest {
    private final RunOrderJson json = new RunOrderJson();

    @Test
    void aVerifysDateAndStoreSurviveTheHandOver() {
        RunScope.VerifyScope scope = new RunScope.VerifyScope(Set.of("shop"), true, LocalDate.parse("2026-11-28"),
                "usb");
        String line = json.order(RunOrder.verify(RunTrigger.API, scope));
        assertEquals("{\"kind\":\"verify\",\"databases\":[\"shop\"],\"decrypt\":true,\"date\":\"2026-11-28\","
                + "\"store\":\"usb\"}", line);
        RunOrder taken = json.order(line);
        assertEquals(scope, taken.scope());
        assertEquals(RunTrigger.CLI, taken.trigger(), "the taker records the CLI as who asked");

        RunOrder latest = json.order(json.order(RunOrder.verify(RunTrigger.CLI, Set.of(), false)));
        assertEquals(new RunScope.VerifyScope(Set.of(), false, null, null), latest.scope(), "no date, the primary");

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> json.order("{\"kind\":\"verify\",\"date\":\"28/11/2026\"}"));
        assertEquals("date: '28/11/2026' is not a date (YYYY-MM-DD)", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> json.order("{\"kind\":\"verify\",\"store\":7}"));
    }

    @Test
    void theEndOfAVerifyCarriesEachVerdictAndItsChecks() {
        VerifyService.Verdict ok = new VerifyService.Verdict("daily/2026-11-28/shop.sql", "shop",
                VerifyService.Finding.OK, "verified restorable, 2 checks passed", null,
                List.of(new CheckRun("integrity_check", true, "ok"), new CheckRun("check 0: SELECT 1", true,
                        "returned 1")));
        VerifyService.Verdict failed = new VerifyService.Verdict("daily/2026-11-28/blog.sql", "blog",
                VerifyService.Finding.CHECKS_FAILED, "blog restores, but 1 of 1 checks failed", "1 of 1 checks failed",
                List.of(new CheckRun("foreign_key_check", false, "1 row(s) violate a foreign key")));
        String end = json.end("finished", "run-1", "partial", List.of(ok, failed));
        RunOrderJson.TakerLine line = json.answer(end);
        assertTrue(line.isEnd());
        assertEquals("run-1", line.text("runId"));
        assertEquals(List.of(ok, failed), json.verdicts(line));

        assertEquals(List.of(), json.verdicts(json.answer(json.end("finished", "run-2", "ok"))),
                "another kind's end carries none");
    }
}
