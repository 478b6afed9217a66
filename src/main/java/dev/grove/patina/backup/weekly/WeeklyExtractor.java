package dev.grove.patina.backup.weekly;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.util.AtomicFiles;
import dev.grove.patina.util.CountingInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
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
    private final ArchiveOpener opener;

    WeeklyExtractor(BackupStore store, Catalog catalog) {
        this(store, catalog, (key, in) -> in);
    }

    /** @param opener decrypts an encrypted archive ({@code .tar.gz.age}) as it is read */
    WeeklyExtractor(BackupStore store, Catalog catalog, ArchiveOpener opener) {
        this.store = store;
        this.catalog = catalog;
        this.opener = opener;
    }

    /** Turns an archive's stored bytes into the {@code .tar.gz} (decrypts an encrypted one). */
    @FunctionalInterface
    interface ArchiveOpener {
        InputStream open(String archive, InputStream stored) throws IOException;
    }

    /**
     * One pass over an archive: the wanted member in a checked temp file (null when no member, or more than one,
     * was wanted), and the paths of every member seen.
     */
    record Pass(Path temp, String memberPath, long size, String sha256, List<String> wanted, List<String> members) {
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
        String expectedArchiveSha = catalog.object(key).map(StoredObject::sha256).orElse(null);
        Pass pass = readOnce(store.get(key), key, expectedArchiveSha, memberPath::equals, root, archiveBytesRead,
                opener);
        boolean done = false;
        try {
            if (pass.temp() == null) {
                throw new IOException(key + " holds no member '" + memberPath + "'");
            }
            Files.createDirectories(dest.getParent());
            if (!dest.getParent().toRealPath().startsWith(root)) {
                throw new UnsafeArchiveException(MemberPaths.refusal(key, memberPath, "would be written through a "
                        + "link that leads outside " + root));
            }
            AtomicFiles.replace(pass.temp(), dest); // atomic rename, then the folder's fsync
            done = true;
            return dest;
        } finally {
            if (!done && pass.temp() != null) {
                Files.deleteIfExists(pass.temp());
            }
        }
    }

    /**
     * Reads {@code raw} (a weekly archive, gzip-compressed tar) to its end once. Every member is checked by the
     * tar-slip rules against {@code root}; the members {@code wanted} accepts are listed, and when it accepts exactly
     * one, that one is written to a hidden temp file in {@code root}, checked against the manifest and fsynced. On
     * any failure nothing is left in {@code root}.
     *
     * @param archive            the archive's name, for messages
     * @param expectedArchiveSha the whole archive's SHA-256 (from the catalog), or null when none is known
     */
    static Pass readOnce(InputStream raw, String archive, String expectedArchiveSha, Predicate<String> wanted,
                         Path root, LongConsumer archiveBytesRead) throws IOException {
        return readOnce(raw, archive, expectedArchiveSha, wanted, root, archiveBytesRead, (key, in) -> in);
    }

    /** {@link #readOnce} of an archive that {@code opener} opens (decrypts) first; the SHA-256 is of the stored bytes. */
    static Pass readOnce(InputStream raw, String archive, String expectedArchiveSha, Predicate<String> wanted,
                         Path root, LongConsumer archiveBytesRead, ArchiveOpener opener) throws IOException {
        Path temp;
        try {
            temp = Files.createTempFile(root, ".patina-extract-", ".tmp");
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        boolean done = false;
        try {
            MessageDigest archiveSha = Sha256.digest();
            MessageDigest memberSha = Sha256.digest();
            long memberSize = -1;
            byte[] manifestJson = null;
            Set<String> seen = new HashSet<>();
            List<String> members = new ArrayList<>();
            List<String> matching = new ArrayList<>();
            try (InputStream counted = new CountingInputStream(raw, archiveBytesRead);
                 DigestInputStream hashed = new DigestInputStream(counted, archiveSha)) {
                TarArchiveInputStream tar = new TarArchiveInputStream(
                        new GZIPInputStream(new BufferedInputStream(opener.open(archive, hashed), BUFFER), BUFFER));
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    String name = e.getName();
                    checkEntry(archive, root, e, name);
                    if (!seen.add(stripSlash(name))) {
                        throw new UnsafeArchiveException(MemberPaths.refusal(archive, name, "appears twice"));
                    }
                    if (e.isDirectory()) {
                        continue;
                    }
                    members.add(name);
                    boolean first = wanted.test(name) && matching.isEmpty();
                    if (wanted.test(name)) {
                        matching.add(name);
                    }
                    if (name.equals(WeeklyManifest.PATH)) {
                        if (e.getSize() > MAX_MANIFEST) {
                            throw new IOException(archive + ": manifest.json of " + e.getSize()
                                    + " bytes is too large");
                        }
                        manifestJson = tar.readAllBytes();
                        if (first) {
                            Files.write(temp, manifestJson);
                            memberSize = manifestJson.length;
                        }
                    } else if (first) {
                        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), memberSha)) {
                            memberSize = tar.transferTo(out);
                        }
                    }
                }
                hashed.transferTo(OutputStream.nullOutputStream());
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                // the decompressor's words alone ("Corrupt GZIP trailer") do not say the stored archive is bad
                throw new IOException(archive + " is damaged: it is not a whole gzip'd tar (" + e.getMessage()
                        + "); use the dailies of that week, or another week's archive", e);
            }
            String actualArchiveSha = Sha256.hex(archiveSha);
            if (expectedArchiveSha != null && !expectedArchiveSha.equalsIgnoreCase(actualArchiveSha)) {
                throw new IOException(archive + " is damaged: its SHA-256 is " + actualArchiveSha
                        + ", the catalog recorded " + expectedArchiveSha);
            }
            if (manifestJson == null) {
                throw new IOException(archive + " has no manifest.json; it is not a complete Patina weekly archive");
            }
            if (matching.size() != 1) {
                return new Pass(null, null, -1, null, List.copyOf(matching), List.copyOf(members));
            }
            String memberPath = matching.get(0);
            String sha = memberPath.equals(WeeklyManifest.PATH) ? null : Sha256.hex(memberSha);
            if (!memberPath.equals(WeeklyManifest.PATH)) {
                ArchivedMember listed = WeeklyManifest.parse(manifestJson).member(memberPath).orElseThrow(() ->
                        new IOException(archive + ": member '" + memberPath + "' is not listed in manifest.json"));
                if (!listed.sha256().equalsIgnoreCase(sha) || listed.size() != memberSize) {
                    throw new IOException(archive + ": member '" + memberPath + "' is damaged: SHA-256 " + sha
                            + " (" + memberSize + " bytes), the manifest records " + listed.sha256() + " ("
                            + listed.size() + " bytes)");
                }
            }
            AtomicFiles.syncFile(temp);
            done = true;
            return new Pass(temp, memberPath, memberSize, sha, List.copyOf(matching), List.copyOf(members));
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** The catalog's SHA-256 of {@code key}, if it records one. */
    Optional<String> recordedSha(String key) {
        return catalog.object(key).map(StoredObject::sha256);
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

    private static String stripSlash(String name) {
        return name.endsWith("/") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }
}
