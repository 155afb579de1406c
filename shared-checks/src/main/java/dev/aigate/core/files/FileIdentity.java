package dev.aigate.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What identifies one version of a file on this machine: device, inode, size, modification and change times
 * (nanoseconds since the epoch), as {@code stat} gives them. The change time is what catches an edit that kept the
 * size and reset the modification time: no unprivileged process can set it back. Only POSIX file systems tell all
 * five; elsewhere there is none (null).
 */
public record FileIdentity(long device, long inode, long size, long modifiedNanos, long changedNanos) {
    /** The attributes one {@code stat} gives for an identity. */
    static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";

    /** The identity of the file {@code path} names now (through links), or null when unknown or unreadable. */
    public static FileIdentity of(Path path) {
        try {
            return from(Files.readAttributes(path, ATTRIBUTES));
        } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException | IOException e) {
            return null;
        }
    }

    /** From the attributes of a {@code unix:} read that asked for (at least) {@link #ATTRIBUTES}. */
    static FileIdentity from(Map<String, Object> attributes) {
        return new FileIdentity((Long) attributes.get("dev"), (Long) attributes.get("ino"),
                (Long) attributes.get("size"), nanos((FileTime) attributes.get("lastModifiedTime")),
                nanos((FileTime) attributes.get("ctime")));
    }

    /** A time in nanoseconds since the epoch. */
    public static long nanos(FileTime time) {
        Instant instant = time.toInstant();
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
