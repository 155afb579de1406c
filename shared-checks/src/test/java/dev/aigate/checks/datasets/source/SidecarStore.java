package dev.aigate.checks.datasets.source;

import dev.aigate.core.GateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * For tests of the core's object-store logic: a store, {@code sidecar:///dir}, that keeps objects as files and, like
 * S3, its own whole-object SHA-256 and version id beside each ({@code name.sha256}, {@code name.version}). The store
 * module's own tests run against a real S3 server; this one exists because that server keeps neither.
 */
public final class SidecarStore implements DatasetSourceProvider {
    @Override
    public String scheme() {
        return "sidecar";
    }

    @Override
    public DatasetSource open(String location) {
        Path root = Path.of(location.substring("sidecar://".length()));
        return new DatasetSource() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public List<StoredObject> list(int maxObjects) {
                List<StoredObject> objects = new ArrayList<>();
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = root.relativize(file).toString().replace('\\', '/');
                        if (name.endsWith(".sha256") || name.endsWith(".version")) {
                            continue;
                        }
                        if (objects.size() >= maxObjects) {
                            throw new GateException(location + ": too many objects");
                        }
                        objects.add(new StoredObject(name, Files.size(file), sidecar(file, ".version")));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return objects;
            }

            @Override
            public String storedSha256(StoredObject object) {
                return sidecar(root.resolve(object.relative()), ".sha256");
            }

            @Override
            public InputStream open(StoredObject object) throws IOException {
                return Files.newInputStream(root.resolve(object.relative()));
            }
        };
    }

    private static String sidecar(Path file, String suffix) {
        Path sidecar = file.resolveSibling(file.getFileName() + suffix);
        try {
            return Files.exists(sidecar) ? Files.readString(sidecar).trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
