package dev.grove.patina.backup;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A fault injector around a real store: it delegates everything, but can make listing fail, make listing come
 * back empty, refuse deletes of chosen keys (like an R2 bucket lock), or alter what a put confirms (a store that
 * reports other bytes than it was given).
 */
public final class FaultyStore implements BackupStore {
    private final BackupStore real;
    boolean listFails;
    boolean listEmpty;
    Set<String> refuseDelete = Set.of();
    int deletes;
    public UnaryOperator<ObjectInfo> confirmPut = UnaryOperator.identity();

    public FaultyStore(BackupStore real) {
        this.real = real;
    }

    @Override
    public ObjectInfo put(String key, ObjectWriter writer) throws IOException {
        return confirmPut.apply(real.put(key, writer));
    }

    @Override
    public InputStream get(String key) throws IOException {
        return real.get(key);
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        return real.head(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        if (listFails) {
            throw new StoreException("listing " + prefix + " failed: connection reset (injected)");
        }
        return listEmpty ? List.of() : real.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        if (refuseDelete.contains(key)) {
            throw new StoreException("delete of " + key + " refused: object is locked (injected)");
        }
        deletes++;
        real.delete(key);
    }

    @Override
    public String describe() {
        return real.describe();
    }
}
