package dev.aigate.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file written under a temporary name in the target's directory and renamed over the target only when complete
 * and flushed to disk, so readers (and a crash or kill mid-write) never see a partial target.
 */
public final class StagedFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;

    /**
     * Stages {@code target}, which gets the permissions of {@code permissionsFrom} (the input it is made from), or
     * rw-r--r-- when those cannot be read: temporary files are created owner-only, and a model is no secret.
     */
    public StagedFile(Path target, Path permissionsFrom) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
        try {
            sharePermissions(temp, permissionsFrom);
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void sharePermissions(Path temp, Path from) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = EnumSet.copyOf(Files.getPosixFilePermissions(from));
            permissions.add(PosixFilePermission.OWNER_WRITE); // the owner may replace their own output
            permissions.add(PosixFilePermission.OWNER_READ);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            permissions = PosixFilePermissions.fromString("rw-r--r--");
        }
        Files.setPosixFilePermissions(temp, permissions);
    }

    public FileChannel channel() {
        return channel;
    }

    public Path target() {
        return target;
    }

    /** Copies {@code length} bytes of {@code in} from {@code inOffset} to {@code outOffset} (kernel copy). */
    public void copyFrom(FileChannel in, long inOffset, long length, long outOffset) throws IOException {
        long done = 0;
        channel.position(outOffset);
        while (done < length) {
            long n = in.transferTo(inOffset + done, length - done, channel);
            if (n <= 0) {
                throw new IOException("unexpected end of input while copying (" + done + " of " + length
                        + " bytes)");
            }
            done += n;
        }
    }

    /**
     * Runs {@code copy} on another thread while computing {@code patches} on this one; returns the patches once both
     * are done. If either fails, the other is stopped and the failure rethrown.
     */
    public static Patches whileCopying(BackgroundCopy.Step copy, PatchSource patches) throws IOException {
        BackgroundCopy background = new BackgroundCopy(copy);
        Patches computed;
        try {
            computed = patches.compute();
        } catch (RuntimeException | Error e) {
            background.abandon();
            throw e;
        }
        background.finish();
        return computed;
    }

    /** Writes the patches of a file whose byte 0 lands at {@code shift} in this file. */
    public void apply(Patches.ForFile patches, long shift) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < patches.size(); i++) {
            buffer.clear();
            buffer.putInt(patches.bits()[i]);
            buffer.flip();
            buffer.limit(patches.widths()[i]);
            long at = patches.offsets()[i] + shift;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        }
    }

    public void write(ByteBuffer bytes, long at) throws IOException {
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Flushes to disk; the rename happens in {@link #commit()}. */
    public void flush() throws IOException {
        channel.force(true);
    }

    /** Flushes and renames the temporary file over the target. */
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** Discards the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }
}
