package dev.aigate.checks.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.InputException;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.files.FileHasher;
import dev.aigate.core.files.FileSet;
import dev.aigate.core.files.Glob;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
     * Every regular file named by {@code targets} (files, or directories walked by the rules of {@link FileSet}),
     * relative to {@code root}, filtered by include/exclude globs, without {@code signatureFile}; sorted by path and
     * hashed on up to {@code threads} threads.
     */
    public static List<FileEntry> collect(Path root, List<Path> targets, List<String> include, List<String> exclude,
            Path signatureFile, int threads) {
        Path base = root.toAbsolutePath().normalize();
        Path signature = signatureFile == null ? null : signatureFile.toAbsolutePath().normalize();
        List<Glob> in = Glob.all(include);
        List<Glob> out = Glob.all(exclude);
        FileSet files = FileSet.under(base, "signing root").include(in).exclude(out).skip(signature);
        java.util.Map<String, FileHasher.Job> jobs = new java.util.TreeMap<>();
        for (Path target : targets) {
            Path t = files.requireInside(target);
            if (Files.isDirectory(t)) {
                for (FileSet.Entry entry : files.list(t)) {
                    jobs.putIfAbsent(entry.relative(), new FileHasher.Job(entry.relative(), entry.path(),
                            entry.size()));
                }
            } else if (Files.exists(t, LinkOption.NOFOLLOW_LINKS) && !t.equals(signature)) {
                BoundedFiles.requireRegularFile(t, "model file");
                String relative = SafePaths.relativize(base, t);
                if ((in.isEmpty() || Glob.anyMatches(in, relative)) && !Glob.anyMatches(out, relative)) {
                    try {
                        jobs.putIfAbsent(relative, new FileHasher.Job(relative, t, Files.size(t)));
                    } catch (IOException e) {
                        throw new InputException(t, "cannot read: " + e.getMessage(), e);
                    }
                }
            }
            // A missing target contributes no file: verification reports its signed files as removed.
        }
        List<FileEntry> entries = new ArrayList<>();
        for (FileHasher.Result hashed : new FileHasher(threads, null).hash("hashing model files",
                new ArrayList<>(jobs.values()))) {
            entries.add(new FileEntry(hashed.name(), hashed.size(), hashed.sha256()));
        }
        entries.sort(Comparator.comparing(FileEntry::path));
        return entries;
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
