package dev.grove.patina.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica behind makes an OK run one to alert about (issue 14 §2): the message names the replica, how far behind
 * it is and why; a replica in sync changes nothing.
 */
class ReplicaAlertTextTest {
    @Test
    void aReplicaThatFailedIsNamedWithWhyAndTheRunIsAFailureToAlert() {
        RunReport ok = AlertFixtures.success();
        RunReport behind = ok.withReplicas(List.of(new ReplicaOutcome("usb", 3, 0, 0, null),
                new ReplicaOutcome("offsite", 0, 0, 4, "copying daily/2025-03-14/shop.sql on replica offsite failed: "
                        + "connection refused")));
        assertEquals(RunStatus.OK, behind.status(), "the primary's status stays");
        assertFalse(AlertText.isFailure(ok));
        assertTrue(AlertText.isFailure(behind), "a replica behind is heard about");
        String text = new AlertText(Markup.SLACK).render(behind, 4000);
        assertTrue(text.contains("1 replica behind"), text);
        assertTrue(text.contains("replica `offsite`: 4 behind \u2014 copying daily/2025-03-14/shop.sql on replica "
                + "offsite failed: connection refused"), text);
        assertFalse(text.contains("`usb`"), "a replica in sync is not a failure line: " + text);
        assertFalse(AlertText.isFailure(ok.withReplicas(List.of(new ReplicaOutcome("usb", 3, 1, 0, null)))));
    }
}
