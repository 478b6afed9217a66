package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogRowCountsJsonTest {
    @Test
    void awkwardTableNamesRoundTripInOrder() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("", 0L);
        counts.put("quote\" back\\slash /slash", 1L);
        counts.put("ctl \u0000 \u0001 \n \t \u001f", -1L);
        counts.put("ünïcödé 漢字 🦀", Long.MAX_VALUE);
        counts.put("lone \ud800 high and \udc00 low", Long.MIN_VALUE);
        counts.put("pair \ud83e\udd80", 7L);
        String json = RowCountsJson.write(counts);
        Map<String, Long> back = RowCountsJson.read(json);
        assertEquals(counts, back);
        assertEquals(List.copyOf(counts.keySet()), List.copyOf(back.keySet()));
    }

    @Test
    void readsOrdinaryJson() {
        assertEquals(Map.of(), RowCountsJson.read(null));
        assertEquals(Map.of(), RowCountsJson.read(" {} "));
        assertEquals(Map.of("a", 1L, "b\n", 22L), RowCountsJson.read(" { \"a\" : 1 ,\n \"b\\n\":22 } "));
        assertEquals(Map.of("é", 3L), RowCountsJson.read("{\"\\u00e9\":3}"));
        assertEquals("{\"a\":1}", RowCountsJson.write(Map.of("a", 1L)));
    }

    @Test
    void refusesWhatIsNotAFlatObjectOfIntegers() {
        for (String bad : List.of("[]", "{", "{\"a\":}", "{\"a\":1.5}", "{\"a\":\"1\"}", "{\"a\":1,}", "{\"a\":1} x",
                "{\"a\\q\":1}", "{\"a\\u12\":1}", "{a:1}")) {
            assertThrows(IllegalArgumentException.class, () -> RowCountsJson.read(bad), bad);
        }
    }
}
