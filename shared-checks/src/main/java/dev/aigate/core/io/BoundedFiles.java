package dev.aigate.core.io;

import dev.aigate.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads small untrusted files (policies, locks, keys, signatures, documents) whole, with a size bound, and only when
 * they are regular files: a FIFO would block the gate forever, a device could be endless, a directory is a mistake.
 * Every problem is an {@link InputException} naming the file, and what it was meant to be.
 */
public final class BoundedFiles {
    private BoundedFiles() {
    }

    /**
     * The whole content of {@code file}.
     *
     * @param what what the file is, for messages: "policy file", "watermark key file"
     * @param maxBytes the largest accepted size
     */
    public static byte[] read(Path file, int maxBytes, String what) {
        try (InputStream in = openRegular(file, what)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new InputException(file, what + " is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new InputException(file, what + " not found");
        } catch (AccessDeniedException e) {
            throw new InputException(file, what + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new InputException(file, what + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code file} for reading only if it is a regular file: its links are resolved first, the resolved path is
     * checked without following links, and then opened with {@link LinkOption#NOFOLLOW_LINKS}, so that what is
     * opened is what was checked (a link swapped in between fails to open rather than being followed). Never blocks on
     * a FIFO: one is refused before opening.
     */
    public static InputStream openRegular(Path file, String what) {
        Path real = realRegularFile(file, what);
        try {
            return Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new InputException(file, what + " not found");
        } catch (AccessDeniedException e) {
            throw new InputException(file, what + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new InputException(file, what + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The real path of {@code file}, checked (without following links) to be a regular file. */
    public static Path realRegularFile(Path file, String what) {
        requireRegularFile(file, what);
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new InputException(file, what + " cannot be resolved: " + e.getMessage(), e);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new InputException(file, what + " cannot be read: " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile()) {
            throw new InputException(file, what + " is " + kind(real) + ", not a regular file");
        }
        return real;
    }

    /**
     * Fails unless {@code file} (after following symbolic links) is a regular file. Checked before opening, so that
     * opening never blocks on a FIFO.
     */
    public static void requireRegularFile(Path file, String what) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw new InputException(file, what + " is a broken symbolic link");
            }
            throw new InputException(file, what + " not found");
        } catch (AccessDeniedException e) {
            throw new InputException(file, what + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new InputException(file, what + " cannot be read: " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile()) {
            throw new InputException(file, what + " is " + kind(file) + ", not a regular file");
        }
    }

    /** "a directory", "a FIFO, socket or device" ... for messages. */
    public static String kind(Path file) {
        if (Files.isDirectory(file)) {
            return "a directory";
        }
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            return "a broken symbolic link";
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return "missing";
        }
        return Files.isRegularFile(file) ? "a regular file" : "a FIFO, socket or device";
    }
}
