package dev.aigate.checks.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.InputException;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The signed statement: an in-toto Statement v1 whose subjects are the model files (path relative to the root, size
 * and SHA-256). The signature file itself is never a subject.
 */
public final class ModelManifest {
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "urn:dev.aigate:model-manifest:v1";
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** One file: path relative to the root with '/' separators. */
    public record FileEntry(String path, long size, String sha256) {
    }

    private ModelManifest() {
    }

    /**
     * Every regular file named by {@code targets} (files, or directories walked recursively), relative to {@code root},
     * filtered by include/exclude globs, without {@code signatureFile}; sorted by path.
     */
    public static List<FileEntry> collect(Path root, List<Path> targets, List<String> include, List<String> exclude,
            Path signatureFile) {
        Path base = root.toAbsolutePath().normalize();
        Path signature = signatureFile == null ? null : signatureFile.toAbsolutePath().normalize();
        List<PathMatcher> in = matchers(include);
        List<PathMatcher> out = matchers(exclude);
        List<Path> files = new ArrayList<>();
        for (Path target : targets) {
            Path t = target.toAbsolutePath().normalize();
            if (!t.startsWith(base)) {
                throw new InputException(target, "lies outside the signing root " + base);
            }
            if (Files.isSymbolicLink(t)) {
                throw new InputException(target, "is a symbolic link; sign the file it points to");
            }
            if (Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(t)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        if (Files.isSymbolicLink(p)) {
                            throw new InputException(p, "symbolic link in a signed directory (not supported)");
                        }
                        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                            files.add(p);
                        }
                    }
                } catch (IOException e) {
                    throw new InputException(target, "cannot list directory: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS)) {
                files.add(t);
            }
            // A missing target contributes no file: verification reports its signed files as removed.
        }
        List<FileEntry> entries = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Path file : files) {
            if (file.equals(signature)) {
                continue;
            }
            String relative = SafePaths.relativize(base, file);
            Path rel = Path.of(relative);
            if (!in.isEmpty() && in.stream().noneMatch(m -> m.matches(rel))) {
                continue;
            }
            if (out.stream().anyMatch(m -> m.matches(rel)) || !seen.add(relative)) {
                continue;
            }
            try {
                entries.add(new FileEntry(relative, Files.size(file), Digests.sha256Hex(file)));
            } catch (IOException e) {
                throw new InputException(file, "cannot read: " + e.getMessage(), e);
            }
        }
        entries.sort(Comparator.comparing(FileEntry::path));
        return entries;
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> matchers = new ArrayList<>();
        if (globs != null) {
            for (String glob : globs) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
                if (glob.startsWith("**/")) {
                    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
                }
            }
        }
        return matchers;
    }

    /** The statement's canonical JSON bytes (keys sorted, no whitespace). */
    public static byte[] statement(List<FileEntry> files) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("_type", STATEMENT_TYPE);
        ArrayNode subjects = root.putArray("subject");
        long bytes = 0;
        for (FileEntry file : files) {
            ObjectNode subject = subjects.addObject();
            subject.put("name", file.path());
            subject.putObject("digest").put("sha256", file.sha256());
            subject.putObject("annotations").put("size", file.size());
            bytes += file.size();
        }
        root.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = root.putObject("predicate");
        predicate.put("files", files.size());
        predicate.put("bytes", bytes);
        predicate.put("tool", "aigate " + ToolVersion.get());
        try {
            return MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the subjects of a statement; {@code source} names the signature file in errors. */
    public static List<FileEntry> parse(byte[] statement, Path source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(statement);
        } catch (IOException e) {
            throw new InputException(source, "signed statement is not valid JSON");
        }
        if (root == null || !STATEMENT_TYPE.equals(root.path("_type").asText())
                || !PREDICATE_TYPE.equals(root.path("predicateType").asText())
                || !root.path("subject").isArray()) {
            throw new InputException(source, "signed payload is not an aigate model manifest (in-toto Statement v1"
                    + " with predicateType " + PREDICATE_TYPE + ")");
        }
        List<FileEntry> files = new ArrayList<>();
        for (JsonNode subject : root.path("subject")) {
            String name = subject.path("name").asText(null);
            String sha = subject.path("digest").path("sha256").asText(null);
            JsonNode size = subject.path("annotations").path("size");
            if (name == null || sha == null || !sha.matches("[0-9a-f]{64}") || !size.canConvertToLong()
                    || SafePaths.problemWith(name).isPresent()) {
                throw new InputException(source, "signed manifest has a malformed subject " + subject);
            }
            files.add(new FileEntry(name, size.asLong(), sha));
        }
        return files;
    }
}
