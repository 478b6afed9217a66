package dev.grove.patina.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.AlertFormat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts: fitting lines into a limit, cutting, durations, backoff. */
class AlertTextTest {
    @Test
    void fitKeepsWholeLinesAndCountsTheRest() {
        List<String> lines = List.of("a".repeat(10), "b".repeat(10), "c".repeat(10), "d".repeat(10));
        String all = AlertText.fit("head", lines, 100);
        assertEquals("head\n" + String.join("\n", lines), all);
        assertEquals(all, AlertText.fit("head", lines, all.length()));
        String fitted = AlertText.fit("head", lines, 40);
        assertEquals("head\n" + lines.get(0) + "\n" + lines.get(1) + "\n\u2026 and 2 more", fitted);
        assertTrue(fitted.length() <= 40);
        assertEquals("head\n\u2026 and 4 more", AlertText.fit("head", lines, 18));
        assertEquals("he\u2026", AlertText.fit("head", lines, 3));
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String s = "ab\uD83D\uDE00cd";
        assertEquals("ab\u2026", AlertText.cut(s, 4));
        assertEquals(s, AlertText.cut(s, 6));
    }

    @Test
    void everyDiscordMessageFitsWhateverTheErrors() {
        AlertText discord = new AlertText(Markup.DISCORD);
        for (int n : new int[] {1, 5, 50, 500}) {
            String huge = "*_`|".repeat(5000);
            var report = AlertFixtures.report(dev.grove.patina.model.RunStatus.FAILED,
                    java.util.stream.IntStream.range(0, n)
                            .mapToObj(i -> AlertFixtures.failed("db" + i + huge, huge)).toList());
            String text = discord.render(report, AlertBodies.DISCORD_MAX);
            assertTrue(text.length() <= AlertBodies.DISCORD_MAX, n + ": " + text.length());
            assertTrue(text.contains("db0"), text);
        }
    }

    @Test
    void durationsReadLikeAnOperatorWouldWriteThem() {
        assertEquals("350 ms", AlertText.duration(Duration.ofMillis(350)));
        assertEquals("12.3 s", AlertText.duration(Duration.ofMillis(12_340)));
        assertEquals("4m 05s", AlertText.duration(Duration.ofSeconds(245)));
        assertEquals("1h 02m", AlertText.duration(Duration.ofMinutes(62)));
    }

    @Test
    void backoffDoublesUpToItsCap() {
        DeliveryPolicy p = DeliveryPolicy.defaults();
        assertEquals(Duration.ofSeconds(1), p.backoffAfter(1));
        assertEquals(Duration.ofSeconds(2), p.backoffAfter(2));
        assertEquals(Duration.ofSeconds(8), p.backoffAfter(9));
    }

    @Test
    void formatsParseTheirIds() {
        assertEquals(AlertFormat.DISCORD, AlertFormat.parse("Discord"));
        assertEquals("generic", AlertFormat.GENERIC.id());
    }
}
