package dev.grove.patina.dump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the JSON of a dump's header and footer lines. The mapper is created when this class is first used, on the
 * first parse: writing a dump never pays for a JSON mapper's start-up.
 */
final class DumpLineJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DumpLineJson() {
    }

    static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return JSON.readValue(json, type);
    }
}
