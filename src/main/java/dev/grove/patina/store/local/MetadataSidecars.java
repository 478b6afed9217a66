package dev.grove.patina.store.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object's metadata beside it, as JSON: {@code {"format":1,"size":…,"metadata":{…}}}. The size ties a sidecar to
 * the data it describes, so a sidecar left from another object is never taken for this one's.
 */
final class MetadataSidecars {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataSidecars.class);
    private static final int SIDECAR_FORMAT = 1;

    private final ObjectMapper json = new ObjectMapper();
    private final String where;

    /** @param where the store, for messages */
    MetadataSidecars(String where) {
        this.where = where;
    }

    /** Writes a new sidecar file (it must not exist) and fsyncs it. */
    void write(String key, Path file, long size, Map<String, String> metadata) throws StoreException {
        ObjectNode node = json.createObjectNode();
        node.put("format", SIDECAR_FORMAT);
        node.put("size", size);
        ObjectNode meta = node.putObject("metadata");
        metadata.forEach(meta::put);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(json.writeValueAsBytes(node)));
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot write the metadata of '" + key + "' in " + where + ": " + e, e);
        }
    }

    /** The sidecar's metadata; empty when there is none or it does not describe a file of {@code size} bytes. */
    Map<String, String> read(Path sidecar, long size) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(Files.readAllBytes(sidecar));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            LOG.warn("ignoring unreadable metadata file {}: {}", sidecar, e.getOriginalMessage());
            return Map.of();
        }
        if (node == null || node.path("size").asLong(-1) != size) {
            LOG.warn("ignoring metadata file {}: it does not describe the {} bytes beside it", sidecar, size);
            return Map.of();
        }
        Map<String, String> metadata = new TreeMap<>();
        node.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return metadata;
    }

    /** The size a sidecar says its data has; -1 when it cannot be read. */
    long sizeIn(Path sidecar) {
        try {
            return json.readTree(Files.readAllBytes(sidecar)).path("size").asLong(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
