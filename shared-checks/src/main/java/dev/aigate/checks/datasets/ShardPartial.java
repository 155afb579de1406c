package dev.aigate.checks.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.aigate.core.InputException;
import dev.aigate.core.io.AtomicFiles;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one shard run found, for the merge: the digests of the units it was given (see {@link ShardPlan}), and for
 * shard 1 the files present but not locked. Bound to the digests of the policy and lock files it was run with and to
 * its shard number, so the merge refuses a partial from another run.
 *
 * @param units one result per unit of the shard, in plan order
 * @param added files in a dataset that the lock does not name (only shard 1 looks for them)
 */
record ShardPartial(String tool, String policyDigest, String lockDigest, ShardPlan.Shard shard, List<UnitResult> units,
        List<AddedFile> added) {
    static final String FORMAT = "aigate-dataset-shard";
    static final int FORMAT_VERSION = 1;
    static final long MAX_BYTES = 1024L * 1024 * 1024;
    static final int MAX_UNITS = 20_000_000;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(8192).maxNestingDepth(8)
                    .maxNumberLength(20).maxDocumentLength(MAX_BYTES).build())
            .build();

    ShardPartial {
        units = List.copyOf(units);
        added = List.copyOf(added);
    }

    /**
     * What a shard saw of one unit.
     *
     * @param size the size of the whole file when the shard looked; -1 when the file is missing
     * @param sha256 the SHA-256 of the unit's bytes; null when the file is missing or its size is not the locked one
     *     (a chunk is then not read: the file has changed anyway)
     */
    record UnitResult(String dataset, String path, int chunk, long size, String sha256) {
        boolean missing() {
            return size < 0;
        }
    }

    /** A file present in a dataset that its lock does not name. */
    record AddedFile(String dataset, String path, long size, String sha256) {
    }

    /** The file name a shard writes in the partials directory. */
    static String fileName(ShardPlan.Shard shard) {
        return "datasets-shard-" + shard.index() + "-of-" + shard.count() + ".json";
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator json = FACTORY.createGenerator(out)) {
                json.setPrettyPrinter(new DefaultPrettyPrinter());
                json.writeStartObject();
                json.writeStringField("format", FORMAT);
                json.writeNumberField("formatVersion", FORMAT_VERSION);
                json.writeStringField("tool", tool);
                json.writeStringField("policyDigest", policyDigest);
                json.writeStringField("lockDigest", lockDigest);
                json.writeNumberField("shard", shard.index());
                json.writeNumberField("shards", shard.count());
                json.writeArrayFieldStart("units");
                for (UnitResult unit : units) {
                    json.writeStartObject();
                    json.writeStringField("dataset", unit.dataset());
                    json.writeStringField("path", unit.path());
                    if (unit.chunk() >= 0) {
                        json.writeNumberField("chunk", unit.chunk());
                    }
                    json.writeNumberField("size", unit.size());
                    if (unit.sha256() != null) {
                        json.writeStringField("sha256", unit.sha256());
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("added");
                for (AddedFile extra : added) {
                    json.writeStartObject();
                    json.writeStringField("dataset", extra.dataset());
                    json.writeStringField("path", extra.path());
                    json.writeNumberField("size", extra.size());
                    json.writeStringField("sha256", extra.sha256());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
            }
        });
    }

    /** Reads a partial result strictly: any problem is an ERROR naming the file. */
    static ShardPartial read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException(file, "shard partial result is larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = BoundedFiles.openRegular(file, "shard partial result");
                    JsonParser json = FACTORY.createParser(in)) {
                return new Reader(file, json).read();
            }
        } catch (JsonProcessingException e) {
            throw new InputException(file, "malformed or truncated shard partial result: " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read shard partial result: " + e.getMessage(), e);
        }
    }

    private static final class Reader {
        private final Path file;
        private final JsonParser json;

        Reader(Path file, JsonParser json) {
            this.file = file;
            this.json = json;
        }

        ShardPartial read() throws IOException {
            require(json.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            String format = null;
            Long version = null;
            String tool = null;
            String policy = null;
            String lock = null;
            Long index = null;
            Long count = null;
            List<UnitResult> units = null;
            List<AddedFile> added = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "format" -> format = text();
                    case "formatVersion" -> version = number(1, Integer.MAX_VALUE);
                    case "tool" -> tool = text();
                    case "policyDigest" -> policy = digest();
                    case "lockDigest" -> lock = digest();
                    case "shard" -> index = number(1, ShardPlan.MAX_SHARDS);
                    case "shards" -> count = number(1, ShardPlan.MAX_SHARDS);
                    case "units" -> units = units();
                    case "added" -> added = added();
                    default -> throw problem("unknown field '" + field + "'");
                }
            }
            require(json.nextToken() == null, "content after the partial result object");
            require(FORMAT.equals(format), "not an aigate dataset shard partial result (expected \"format\": \""
                    + FORMAT + "\")");
            require(version != null && version == FORMAT_VERSION, "format version " + version + " is not "
                    + FORMAT_VERSION);
            require(policy != null && lock != null && index != null && count != null && units != null
                    && added != null, "a partial result needs policyDigest, lockDigest, shard, shards, units and"
                    + " added");
            require(index <= count, "shard " + index + " of " + count + " does not exist");
            return new ShardPartial(tool, policy, lock, new ShardPlan.Shard(index.intValue(), count.intValue()),
                    units, added);
        }

        private List<UnitResult> units() throws IOException {
            return list("units", "unit", () -> {
                String dataset = null;
                String path = null;
                long chunk = -1;
                Long size = null;
                String sha256 = null;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    json.nextToken();
                    switch (field) {
                        case "dataset" -> dataset = text();
                        case "path" -> path = path();
                        case "chunk" -> chunk = number(0, LockFileIO.MAX_CHUNKS_PER_FILE - 1);
                        case "size" -> size = number(-1, Long.MAX_VALUE);
                        case "sha256" -> sha256 = digest();
                        default -> throw problem("unknown field '" + field + "' in a unit");
                    }
                }
                require(dataset != null && path != null && size != null, "a unit lacks 'dataset', 'path' or"
                        + " 'size'");
                require(size >= 0 || sha256 == null, "unit '" + path + "' is missing but has a sha256");
                return new UnitResult(dataset, path, (int) chunk, size, sha256);
            });
        }

        private List<AddedFile> added() throws IOException {
            return list("added", "added file", () -> {
                String dataset = null;
                String path = null;
                Long size = null;
                String sha256 = null;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    json.nextToken();
                    switch (field) {
                        case "dataset" -> dataset = text();
                        case "path" -> path = path();
                        case "size" -> size = number(0, Long.MAX_VALUE);
                        case "sha256" -> sha256 = digest();
                        default -> throw problem("unknown field '" + field + "' in an added file");
                    }
                }
                require(dataset != null && path != null && size != null && sha256 != null, "an added file lacks"
                        + " 'dataset', 'path', 'size' or 'sha256'");
                return new AddedFile(dataset, path, size, sha256);
            });
        }

        /** One element of a list of objects, read from its START_OBJECT. */
        private interface Element<T> {
            T read() throws IOException;
        }

        /** A list of at most MAX_UNITS objects under {@code field}, each read by {@code element}. */
        private <T> List<T> list(String field, String each, Element<T> element) throws IOException {
            require(json.currentToken() == JsonToken.START_ARRAY, "'" + field + "' must be a list");
            List<T> items = new ArrayList<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                require(items.size() < MAX_UNITS, "more than " + MAX_UNITS + " " + each + "s");
                require(json.currentToken() == JsonToken.START_OBJECT, "each " + each + " must be an object");
                items.add(element.read());
            }
            return items;
        }

        private String path() throws IOException {
            String path = text();
            SafePaths.problemWith(path).ifPresent(unsafe -> {
                throw problem("path '" + path + "' points outside the dataset root: " + unsafe);
            });
            return path;
        }

        private String digest() throws IOException {
            String digest = text();
            require(HEX.matcher(digest).matches(), "a digest is not 64 lowercase hex digits");
            return digest;
        }

        private String text() throws IOException {
            require(json.currentToken() == JsonToken.VALUE_STRING, "'" + json.currentName() + "' must be a string");
            return json.getText();
        }

        private long number(long min, long max) throws IOException {
            require(json.currentToken() == JsonToken.VALUE_NUMBER_INT, "'" + json.currentName()
                    + "' must be a whole number");
            long value = json.getLongValue();
            require(value >= min && value <= max, "'" + json.currentName() + "' is out of range: " + value);
            return value;
        }

        private void require(boolean condition, String message) {
            if (!condition) {
                throw problem(message);
            }
        }

        private InputException problem(String message) {
            int line = json.currentLocation().getLineNr();
            return new InputException(file, message + (line > 0 ? " (line " + line + ")" : ""));
        }
    }
}
