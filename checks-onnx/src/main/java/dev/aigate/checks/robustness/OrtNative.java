package dev.aigate.checks.robustness;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import dev.aigate.core.GateException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads ONNX Runtime's native libraries once per JVM, without leaving them behind.
 *
 * <p>Left to itself, ONNX Runtime's Java binding (1.23) copies its two native libraries (about 22 MB on Linux) into a
 * new {@code onnxruntime-java*} directory below {@code java.io.tmpdir} and deletes them only when the JVM exits, and
 * not the directory. Instead, this class copies the libraries for this platform out of the ONNX Runtime jar into a
 * private directory below {@code aigate.native.dir} (a system property; default {@code java.io.tmpdir}), points ONNX
 * Runtime's supported {@code onnxruntime.native.path} property at it, loads them and deletes the copies and the
 * directory at once (a loaded library no longer needs its file on Linux and macOS; on Windows they are deleted when the
 * JVM exits). The empty directory ONNX Runtime creates regardless is removed too. When the user already set
 * {@code onnxruntime.native.path}, ONNX Runtime loads from there and nothing is copied.
 */
final class OrtNative {
    static final String NATIVE_DIR_PROPERTY = "aigate.native.dir";
    static final String ORT_NATIVE_PATH = "onnxruntime.native.path";
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

    private static OrtEnvironment environment;

    private OrtNative() {
    }

    static synchronized OrtEnvironment environment() {
        if (environment != null) {
            return environment;
        }
        Path extracted = null;
        boolean ownPath = false;
        try {
            if (System.getProperty(ORT_NATIVE_PATH) == null) {
                extracted = extract();
                if (extracted != null) {
                    System.setProperty(ORT_NATIVE_PATH, extracted.toString());
                    ownPath = true;
                }
            }
            environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "aigate");
            return environment;
        } catch (LinkageError | RuntimeException e) {
            throw new GateException("cannot load ONNX Runtime on this platform (" + System.getProperty("os.name")
                    + ", " + System.getProperty("os.arch") + "): " + e, e);
        } finally {
            if (ownPath) {
                System.clearProperty(ORT_NATIVE_PATH);
            }
            deleteTree(extracted);
            removeEmpty(ortTempDirectory());
        }
    }

    /** Copies this platform's libraries into a fresh private directory, or returns null if the jar has none. */
    private static Path extract() {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String library : LIBRARIES) {
            String name = System.mapLibraryName(library).replace("jnilib", "dylib");
            if (OrtEnvironment.class.getResource("/ai/onnxruntime/native/" + platform + "/" + name) == null) {
                return null;
            }
            names.add(name);
        }
        String root = System.getProperty(NATIVE_DIR_PROPERTY, System.getProperty("java.io.tmpdir"));
        Path directory = null;
        try {
            Path rootDir = Path.of(root);
            Files.createDirectories(rootDir);
            directory = Files.createTempDirectory(rootDir, "aigate-onnxruntime-");
            for (String name : names) {
                try (InputStream in = OrtEnvironment.class.getResourceAsStream("/ai/onnxruntime/native/" + platform
                        + "/" + name)) {
                    Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return directory;
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw new GateException("cannot prepare ONNX Runtime's native libraries in " + root + ": " + e, e);
        }
    }

    /** ONNX Runtime's name for this platform, such as {@code linux-x64}, or null when it is not one it ships. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win"
                : os.contains("nux") ? "linux" : null;
        String archName = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
                : arch.startsWith("aarch64") ? "aarch64" : null;
        return osName == null || archName == null ? null : osName + "-" + archName;
    }

    /** The directory ONNX Runtime itself created below java.io.tmpdir, when it is known. */
    static Path ortTempDirectory() {
        try {
            Class<?> loader = Class.forName("ai.onnxruntime.OnnxRuntime");
            Field field = loader.getDeclaredField("tempDirectory");
            field.setAccessible(true);
            Object value = field.get(null);
            return value instanceof Path path ? path : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void removeEmpty(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isEmpty()) {
                Files.deleteIfExists(directory);
            }
        } catch (IOException e) {
            directory.toFile().deleteOnExit();
        }
    }

    private static void deleteTree(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        // Registered before its files, so that at exit (reverse order) the files go first.
        directory.toFile().deleteOnExit();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.toList()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // Left for deleteOnExit (Windows keeps loaded libraries locked).
        }
    }
}
