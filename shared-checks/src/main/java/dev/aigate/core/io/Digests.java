package dev.aigate.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Files are streamed through a fixed buffer, so memory does not grow with file size. */
public final class Digests {
    /** Large enough to amortise system calls, small enough to stay in cache for the digest. */
    public static final int BUFFER_SIZE = 256 * 1024;

    private Digests() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * Streams {@code file} through SHA-256 using {@code buffer}; calls {@code onBytes} after each read. Anything but a
     * regular file is an {@link dev.aigate.core.InputException}.
     */
    public static String sha256Hex(Path file, byte[] buffer, java.util.function.LongConsumer onBytes)
            throws IOException {
        MessageDigest digest = sha256();
        // Only a regular file is hashed (a FIFO would block for ever); a missing one is still NoSuchFileException.
        try (InputStream in = Files.exists(file) ? BoundedFiles.openRegular(file, "file")
                : Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
                onBytes.accept(read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256Hex(Path file) throws IOException {
        return sha256Hex(file, new byte[BUFFER_SIZE], n -> { });
    }
}
