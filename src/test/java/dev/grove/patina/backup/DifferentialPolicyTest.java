package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.dump.ManifestHeader;
import dev.grove.patina.dump.ManifestWriter;
import dev.grove.patina.model.ObjectKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a differential database gets a full, and the reason it says (ADR 0016). */
class DifferentialPolicyTest {
    private static final String FULL = "daily/2026-11-23/shop.sql.zst";
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC);

    @Test
    void aDifferentialOnlyAgainstAUsableFullOfTheSameWeek() throws Exception {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock)) {
            DifferentialPolicy policy = new DifferentialPolicy(Set.of("shop"), dir.resolve("manifests"), catalog);
            assertNull(((DifferentialPolicy.Full) policy.decide("blog", MONDAY)).reason(), "strategy = full");
            assertEquals("no usable full: no row manifest at " + policy.manifest("shop"), reason(policy, MONDAY));

            Files.createDirectories(policy.folder());
            Files.writeString(policy.manifest("shop"), "not a manifest\n");
            assertEquals(true, reason(policy, MONDAY).startsWith("no usable full: the row manifest "));

            writeManifest(policy.manifest("shop"));
            assertEquals("no usable full: " + FULL + " is no longer stored", reason(policy, MONDAY.plusDays(1)));

            catalog.recordObject(new StoredObject(FULL, "shop", ObjectKind.DAILY, MONDAY, 10, "b".repeat(64),
                    Map.of(), clock.instant(), null, null));
            assertEquals("no usable full: the row manifest does not match " + FULL + " as the catalog records it",
                    reason(policy, MONDAY.plusDays(1)));
            catalog.chains().record(new ObjectChains.Link(FULL, "shop", ObjectChains.FULL, null, null, SHA,
                    Map.of()));

            DifferentialPolicy.Differential d = assertInstanceOf(DifferentialPolicy.Differential.class,
                    policy.decide("shop", MONDAY.plusDays(6)));
            assertEquals(FULL, d.base().key());
            assertEquals("a run on or before the day of the full " + FULL + " writes the full again",
                    reason(policy, MONDAY));
            assertEquals("the first nightly of ISO week 2026-W49", reason(policy, MONDAY.plusDays(7)));

            catalog.markDamaged(FULL, clock.instant(), "checksum mismatch");
            assertEquals("no usable full: " + FULL + " was found damaged (checksum mismatch)",
                    reason(policy, MONDAY.plusDays(1)));
        }
    }

    @Test
    void theNewestFullOfTheWeekWhoseManifestIsNotHereIsFetched() throws Exception {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock)) {
            DifferentialPolicy policy = new DifferentialPolicy(Set.of("shop"), dir.resolve("manifests"), catalog);
            catalog.recordObject(new StoredObject(FULL, "shop", ObjectKind.DAILY, MONDAY, 10, "b".repeat(64),
                    Map.of(), clock.instant(), null, null));
            catalog.chains().record(new ObjectChains.Link(FULL, "shop", ObjectChains.FULL, null, null, SHA,
                    Map.of()));
            // no manifest here: fetch Monday's, and without it a full saying why
            DifferentialPolicy.Fetch f = assertInstanceOf(DifferentialPolicy.Fetch.class,
                    policy.decide("shop", MONDAY.plusDays(1)));
            assertEquals(FULL, f.base().key());
            assertEquals(SHA, f.link().dumpSha256());
            assertEquals("no usable full: no row manifest at " + policy.manifest("shop"), f.why());
            assertInstanceOf(DifferentialPolicy.Full.class, f.fallback());
            assertEquals("no usable full: no row manifest at " + policy.manifest("shop"), reason(policy, MONDAY),
                    "nothing earlier in the week to fetch for");
            assertInstanceOf(DifferentialPolicy.Full.class, policy.decide("shop", MONDAY.plusDays(7)),
                    "last week's full is not fetched for");

            // Monday's manifest here, and a newer full of Wednesday (another node's): Wednesday's is fetched, with
            // a differential against Monday's to fall back on
            Files.createDirectories(policy.folder());
            writeManifest(policy.manifest("shop"));
            String wednesday = "daily/2026-11-25/shop.sql.zst";
            catalog.recordObject(new StoredObject(wednesday, "shop", ObjectKind.DAILY, MONDAY.plusDays(2), 10,
                    "d".repeat(64), Map.of(), clock.instant(), null, null));
            catalog.chains().record(new ObjectChains.Link(wednesday, "shop", ObjectChains.FULL, null, null,
                    "e".repeat(64), Map.of()));
            f = assertInstanceOf(DifferentialPolicy.Fetch.class, policy.decide("shop", MONDAY.plusDays(3)));
            assertEquals(wednesday, f.base().key());
            assertEquals("the row manifest here belongs to the older full " + FULL, f.why());
            assertEquals(FULL, assertInstanceOf(DifferentialPolicy.Differential.class, f.fallback()).base().key());
            // on Wednesday itself Monday's is still the newest earlier full: no fetch
            assertEquals(FULL, assertInstanceOf(DifferentialPolicy.Differential.class,
                    policy.decide("shop", MONDAY.plusDays(2))).base().key());
            // a damaged newest full is not fetched for
            catalog.markDamaged(wednesday, clock.instant(), "checksum mismatch");
            assertEquals(FULL, assertInstanceOf(DifferentialPolicy.Differential.class,
                    policy.decide("shop", MONDAY.plusDays(3))).base().key());
        }
    }

    private static String reason(DifferentialPolicy policy, LocalDate date) {
        return assertInstanceOf(DifferentialPolicy.Full.class, policy.decide("shop", date)).reason();
    }

    private static void writeManifest(Path file) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        new ManifestWriter(body).finish();
        try (OutputStream out = Files.newOutputStream(file)) {
            ManifestWriter.seal(ManifestHeader.of("shop", FULL, SHA, "2026-11-23T02:00:00Z", "c".repeat(64)),
                    new ByteArrayInputStream(body.toByteArray()), out);
        }
    }
}
