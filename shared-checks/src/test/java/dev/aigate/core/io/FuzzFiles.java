package dev.aigate.core.io;

import dev.aigate.core.GateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scratch files for the fuzz harnesses of readers that take a path: one folder per JVM, each input written over the
 * previous one, and the one invariant every refusal keeps: a {@link GateException} whose message names the file.
 */
public final class FuzzFiles {
    private static final Path ROOT = createRoot();

    private FuzzFiles() {
    }

    /**
     * In memory where the system has it: a file written and read back costs tens of microseconds on tmpfs and
     * milliseconds on a journalled disk, which would make file-reading harnesses a hundred times slower.
     */
    private static Path createRoot() {
        Path memory = Path.of("/dev/shm");
        try {
            Path root = Files.isDirectory(memory) && Files.isWritable(memory)
                    ? Files.createTempDirectory(memory, "aigate-fuzz-") : Files.createTempDirectory("aigate-fuzz-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // scratch space only
        }
    }

    /** A folder of the scratch area, created if missing; harnesses keep their files apart by folder. */
    public static Path folder(String name) {
        try {
            return Files.createDirectories(ROOT.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code data} to {@code file}, replacing what the previous input left there. */
    public static Path write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A refusal must say which file it is about; a bare exception message is a finding. */
    public static void requireNamed(GateException refusal, String fileName) {
        String message = refusal.getMessage();
        if (message == null || !message.contains(fileName)) {
            throw new AssertionError("refusal does not name " + fileName + ": " + message, refusal);
        }
    }
}
