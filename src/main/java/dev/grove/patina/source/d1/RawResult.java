package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One statement's result from D1's {@code /raw} endpoint.
 *
 * @param columns      column names
 * @param rows         each row's values as D1 sent them (numbers, strings, null)
 * @param bodyBytes    size of the HTTP response body, for page sizing
 * @param durationMillis D1's {@code meta.duration}, -1 when absent
 */
public record RawResult(List<String> columns, List<List<JsonNode>> rows, long bodyBytes, double durationMillis) {
}
