package dev.aigate.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a git work tree has uncommitted changes to tracked files, read from {@code .git/index} and the files
 * themselves, never by running git (the gate must not execute what a repository configures). A tracked file is
 * unchanged when its size and modification time match the index, or else when its content hashes to the blob id the
 * index records. Untracked files do not count, as with {@code git describe --dirty}. Bounded: an index over
 * {@value #MAX_INDEX_BYTES} bytes, a format this reader does not know or more than {@value #MAX_HASHED_BYTES} bytes to
 * hash gives no answer rather than a wrong one.
 */
final class GitWorkTree {
    static final int MAX_INDEX_BYTES = 64 * 1024 * 1024;
    static final long MAX_HASHED_BYTES = 512L * 1024 * 1024;
    private static final int MODE_GITLINK = 0160000;
    private static final int MODE_SYMLINK = 0120000;

    private GitWorkTree() {
    }

    /** True or false when the index tells, empty when it cannot be read within the bounds. */
    static Optional<Boolean> dirty(Path gitDir) {
        Path index = gitDir.resolve("index");
        try {
            if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS) || Files.size(index) > MAX_INDEX_BYTES) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(index)) {
                bytes = in.readNBytes(MAX_INDEX_BYTES + 1);
            }
            return dirty(ByteBuffer.wrap(bytes), gitDir.getParent());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<Boolean> dirty(ByteBuffer index, Path workTree) throws IOException {
        if (index.remaining() < 12 || index.getInt() != 0x44495243) { // "DIRC"
            return Optional.empty();
        }
        int version = index.getInt();
        long count = Integer.toUnsignedLong(index.getInt());
        if (version < 2 || version > 4 || count > index.remaining() / 62) {
            return Optional.empty();
        }
        long[] budget = {MAX_HASHED_BYTES};
        byte[] previous = new byte[0];
        for (long i = 0; i < count; i++) {
            int start = index.position();
            int mtimeSeconds = index.position(start + 8).getInt();
            int mtimeNanos = index.getInt();
            int mode = index.position(start + 24).getInt();
            long size = Integer.toUnsignedLong(index.position(start + 36).getInt());
            byte[] blob = new byte[20];
            index.get(blob);
            int flags = Short.toUnsignedInt(index.getShort());
            if (version >= 3 && (flags & 0x4000) != 0) {
                int extended = Short.toUnsignedInt(index.getShort());
                if ((extended & 0x4000) != 0) { // skip-worktree: the file is not expected in the work tree
                    previous = path(index, version, previous);
                    padding(index, start, version);
                    continue;
                }
            }
            byte[] name = path(index, version, previous);
            previous = name;
            padding(index, start, version);
            if (mode == MODE_GITLINK) {
                continue; // a submodule: its own repository
            }
            Path file = workTree.resolve(new String(name, StandardCharsets.UTF_8)).normalize();
            if (!file.startsWith(workTree)) {
                return Optional.empty();
            }
            Optional<Boolean> changed = changed(file, mode, size, mtimeSeconds, mtimeNanos, blob, budget);
            if (changed.isEmpty() || changed.get()) {
                return changed;
            }
        }
        return Optional.of(false);
    }

    private static Optional<Boolean> changed(Path file, int mode, long size, int seconds, int nanos, byte[] blob,
            long[] budget) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.of(true); // deleted
        }
        boolean link = (mode & 0170000) == MODE_SYMLINK;
        if (link != attributes.isSymbolicLink() || (!link && !attributes.isRegularFile())) {
            return Optional.of(true);
        }
        byte[] content;
        if (link) {
            content = Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8);
        } else {
            if ((attributes.size() & 0xffffffffL) != size) {
                return Optional.of(true);
            }
            java.time.Instant modified = attributes.lastModifiedTime().toInstant();
            if (modified.getEpochSecond() == Integer.toUnsignedLong(seconds) && modified.getNano() == nanos) {
                return Optional.of(false);
            }
            budget[0] -= attributes.size();
            if (budget[0] < 0) {
                return Optional.empty();
            }
            content = Files.readAllBytes(file);
        }
        return Optional.of(!Arrays.equals(blobId(content), blob));
    }

    /** Git's blob id: SHA-1 of "blob <size>\0" and the content. */
    static byte[] blobId(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return sha1.digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] path(ByteBuffer index, int version, byte[] previous) throws IOException {
        if (version == 4) {
            long strip = 0;
            int b;
            do { // git's offset varint: each continuation adds one
                b = Byte.toUnsignedInt(index.get());
                strip = (strip << 7) | (b & 0x7f);
                if ((b & 0x80) != 0) {
                    strip++;
                }
                if (strip > previous.length) {
                    throw new IOException("bad path compression");
                }
            } while ((b & 0x80) != 0);
            byte[] suffix = untilNul(index);
            byte[] name = Arrays.copyOf(previous, (int) (previous.length - strip) + suffix.length);
            System.arraycopy(suffix, 0, name, (int) (previous.length - strip), suffix.length);
            return name;
        }
        return untilNul(index);
    }

    private static byte[] untilNul(ByteBuffer index) throws IOException {
        int start = index.position();
        while (index.get() != 0) {
            if (index.position() - start > 4096) {
                throw new IOException("path too long");
            }
        }
        byte[] name = new byte[index.position() - start - 1];
        index.get(start, name);
        return name;
    }

    private static void padding(ByteBuffer index, int start, int version) {
        if (version < 4) {
            // Entries are NUL-padded to a multiple of 8 bytes (the path's NUL is the first padding byte).
            int length = index.position() - start;
            int padded = (length + 7) & ~7;
            index.position(start + padded);
        }
    }
}
