package dev.grove.patina.backup.weekly;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.store.BackupStore;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts one member of a weekly archive, reading the whole archive once: every member's name and type is checked
 * (RELIABILITY 24: no {@code ../}, no absolute path, no symbolic or hard link, no device — any of them refuses the
 * whole archive), the requested member goes to a hidden temporary file inside the target folder, the manifest at the
 * end gives its SHA-256, and only a member that matches is renamed into place. A refusal leaves nothing behind.
 */
final class WeeklyExtractor {
    private static final int BUFFER = 1 << 16;
    private static final int MAX_MANIFEST = 64 << 20;

    private final BackupStore store;
    private final Catalog catalog;

    WeeklyExtractor(BackupStore store, Catalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    Path extract(String key, String memberPath, Path targetDir, LongConsumer archiveBytesRead) throws IOException {
        String problem = MemberPaths.problem(memberPath);
        if (!problem.isEmpty()) {
            throw new UnsafeArchiveException("requested member '" + MemberPaths.printable(memberPath) + "' "
                    + problem + "; refused");
        }
        Files.createDirectories(targetDir);
        Path root = targetDir.toRealPath();
        Path dest = MemberPaths.resolveInside(root, memberPath, key);
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dest + " already exists; extract into another folder");
        }
        Optional<String> expectedArchiveSha = catalog.object(key).map(StoredObject::sha256);
        Path temp = Files.createTempFile(root, ".patina-extract-", ".tmp");
        boolean done = false;
        try {
            MessageDigest archiveSha = Sha256.digest();
            MessageDigest memberSha = Sha256.digest();
            long memberSize = -1;
            byte[] manifestJson = null;
            Set<String> seen = new HashSet<>();
            try (InputStream raw = new CountingInputStream(store.get(key), archiveBytesRead);
                 DigestInputStream hashed = new DigestInputStream(raw, archiveSha)) {
                TarArchiveInputStream tar = new TarArchiveInputStream(
                        new GZIPInputStream(new BufferedInputStream(hashed, BUFFER), BUFFER));
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    String name = e.getName();
                    checkEntry(key, root, e, name);
                    if (!seen.add(stripSlash(name))) {
                        throw new UnsafeArchiveException(MemberPaths.refusal(key, name, "appears twice"));
                    }
                    if (e.isDirectory()) {
                        continue;
                    }
                    if (name.equals(WeeklyManifest.PATH)) {
                        if (e.getSize() > MAX_MANIFEST) {
                            throw new IOException(key + ": manifest.json of " + e.getSize() + " bytes is too large");
                        }
                        manifestJson = tar.readAllBytes();
                        if (memberPath.equals(WeeklyManifest.PATH)) {
                            Files.write(temp, manifestJson);
                            memberSize = manifestJson.length;
                        }
                    } else if (name.equals(memberPath)) {
                        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), memberSha)) {
                            memberSize = tar.transferTo(out);
                        }
                    }
                }
                hashed.transferTo(OutputStream.nullOutputStream());
            }
            String actualArchiveSha = Sha256.hex(archiveSha);
            if (expectedArchiveSha.isPresent() && expectedArchiveSha.get() != null
                    && !expectedArchiveSha.get().equalsIgnoreCase(actualArchiveSha)) {
                throw new IOException(key + " is damaged: its SHA-256 is " + actualArchiveSha + ", the catalog "
                        + "recorded " + expectedArchiveSha.get());
            }
            if (manifestJson == null) {
                throw new IOException(key + " has no manifest.json; it is not a complete Patina weekly archive");
            }
            if (memberSize < 0) {
                throw new IOException(key + " holds no member '" + memberPath + "'");
            }
            if (!memberPath.equals(WeeklyManifest.PATH)) {
                ArchivedMember listed = WeeklyManifest.parse(manifestJson).member(memberPath).orElseThrow(() ->
                        new IOException(key + ": member '" + memberPath + "' is not listed in manifest.json"));
                String actual = Sha256.hex(memberSha);
                if (!listed.sha256().equalsIgnoreCase(actual) || listed.size() != memberSize) {
                    throw new IOException(key + ": member '" + memberPath + "' is damaged: SHA-256 " + actual + " ("
                            + memberSize + " bytes), the manifest records " + listed.sha256() + " (" + listed.size()
                            + " bytes)");
                }
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.createDirectories(dest.getParent());
            if (!dest.getParent().toRealPath().startsWith(root)) {
                throw new UnsafeArchiveException(MemberPaths.refusal(key, memberPath, "would be written through a "
                        + "link that leads outside " + root));
            }
            Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return dest;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void checkEntry(String key, Path root, TarArchiveEntry e, String name) throws IOException {
        if (e.isSymbolicLink()) {
            throw new UnsafeArchiveException(MemberPaths.refusal(key, name, "is a symbolic link to '"
                    + MemberPaths.printable(e.getLinkName()) + "'"));
        }
        if (e.isLink()) {
            throw new UnsafeArchiveException(MemberPaths.refusal(key, name, "is a hard link to '"
                    + MemberPaths.printable(e.getLinkName()) + "'"));
        }
        if (!e.isFile() && !e.isDirectory()) {
            throw new UnsafeArchiveException(MemberPaths.refusal(key, name, "is not a plain file"));
        }
        MemberPaths.resolveInside(root, stripSlash(name), key);
    }

    /** Tells a listener how many bytes of the archive have been read (for progress, and to stop early). */
    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer listener;
        private long read;

        CountingInputStream(InputStream in, LongConsumer listener) {
            super(in);
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                listener.accept(++read);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                read += n;
                listener.accept(read);
            }
            return n;
        }
    }

    private static String stripSlash(String name) {
        return name.endsWith("/") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }
}
