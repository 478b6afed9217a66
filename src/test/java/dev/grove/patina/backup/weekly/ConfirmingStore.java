package dev.grove.patina.backup.weekly;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A real store whose puts confirm what {@code confirm} makes of the real answer (a store that reports other bytes). */
final class ConfirmingStore implements BackupStore {
    private final BackupStore real;
    private final UnaryOperator<ObjectInfo> confirm;

    ConfirmingStore(BackupStore real, UnaryOperator<ObjectInfo> confirm) {
        this.real = real;
        this.confirm = confirm;
    }

    @Override
    public ObjectInfo put(String key, ObjectWriter writer) throws IOException {
        return confirm.apply(real.put(key, writer));
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
        return real.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        real.delete(key);
    }

    @Override
    public String describe() {
        return real.describe();
    }
}
