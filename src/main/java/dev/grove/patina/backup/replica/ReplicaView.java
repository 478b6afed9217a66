package dev.grove.patina.backup.replica;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A replica read as if it were the primary: keys are the primary's (as the catalog has them) and are mapped to the
 * replica's prefix and back, so that download, verify and restore read a replica unchanged ({@code --from NAME},
 * {@code verify --store NAME}). Read-only: a put or a delete through it is refused — copies are made only by
 * {@link ReplicaSync}.
 */
public final class ReplicaView implements BackupStore {
    private final Replica replica;
    private final ObjectKeys primaryKeys;

    public ReplicaView(Replica replica, ObjectKeys primaryKeys) {
        this.replica = replica;
        this.primaryKeys = primaryKeys;
    }

    private String there(String key) {
        return replica.keyOf(key, primaryKeys);
    }

    private ObjectInfo back(ObjectInfo info) {
        String rest = info.key().substring(replica.keys().prefix().length());
        return new ObjectInfo(primaryKeys.prefix() + rest, info.size(), info.lastModified(), info.metadata());
    }

    @Override
    public ObjectInfo put(String key, ObjectWriter writer) throws IOException {
        throw new StoreException("replica " + replica.name() + " is read here only: nothing is written to it but "
                + "the copies of the primary's objects");
    }

    @Override
    public InputStream get(String key) throws IOException {
        return replica.store().get(there(key));
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        return replica.store().head(there(key)).map(this::back);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return replica.store().list(there(prefix)).stream().filter(i -> i.key().startsWith(replica.keys().prefix()))
                .map(this::back).toList();
    }

    @Override
    public void delete(String key) throws IOException {
        throw new StoreException("replica " + replica.name() + " is read here only: retention deletes from it after "
                + "the primary");
    }

    @Override
    public void checkAccess() throws IOException {
        replica.store().checkAccess();
    }

    @Override
    public String describe() {
        return "replica " + replica.name() + " (" + replica.store().describe() + ")";
    }

    @Override
    public Optional<Path> localFile(String key) {
        return replica.store().localFile(there(key));
    }
}
