package dev.aigate.checks.poisoning;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.InputException;
import dev.aigate.core.io.AtomicFiles;
import dev.aigate.core.io.BoundedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes baseline files. A baseline is untrusted input like any file in the project (its digest is checked
 * against the lock before it is believed): the reader bounds the file size, nesting, string lengths and every count,
 * requires every field with the right type and range, and names the baseline file and the field in every error.
 */
final class BaselineIO {
    static final int MAX_BASELINE_BYTES = 256 << 20;
    static final int MAX_FEATURES = 100_000;
    static final int MAX_ROWS = 50_000_000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(64)
                    .maxStringLength(MAX_BASELINE_BYTES)
                    .maxDocumentLength(MAX_BASELINE_BYTES)
                    .build())
            .build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private BaselineIO() {
    }

    static void write(Path file, Baseline baseline) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(toJson(baseline));
        byte[] withNewline = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        withNewline[bytes.length] = '\n';
        AtomicFiles.write(file, withNewline);
    }

    static Baseline read(Path file) {
        return parse(file, BoundedFiles.read(file, MAX_BASELINE_BYTES, "poisoning baseline"));
    }

    static Baseline parse(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(file, "poisoning baseline is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(file, "poisoning baseline cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InputException(file, "poisoning baseline is not valid JSON");
        }
        return new Reader(file).baseline(root);
    }

    // ------------------------------------------------------------------------------------------------ writing

    private static ObjectNode toJson(Baseline b) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", Baseline.FORMAT);
        root.put("formatVersion", Baseline.FORMAT_VERSION);
        root.put("tool", b.tool());
        ArrayNode files = root.putArray("files");
        for (Baseline.FileDigest file : b.files()) {
            files.addObject().put("path", file.path()).put("size", file.size()).put("sha256", file.sha256());
        }
        root.put("label", b.label());
        strings(root.putArray("featureNames"), b.featureNames());
        strings(root.putArray("categorical"), b.categorical());
        root.put("rows", b.rows());
        counts(root.putObject("classes"), b.classes());
        ArrayNode features = root.putArray("features");
        for (Baseline.FeatureStats f : b.features()) {
            ObjectNode node = features.addObject();
            node.put("name", f.name());
            node.put("categorical", f.categorical());
            node.put("missing", f.missing());
            if (f.categorical()) {
                counts(node.putObject("categories"), f.categories());
                ObjectNode rare = node.putObject("rareCategories");
                f.rareCategories().forEach((category, byClass) -> counts(rare.putObject(category), byClass));
            } else {
                node.put("mean", f.mean());
                node.put("scale", f.scale());
                node.put("min", f.min());
                node.put("max", f.max());
                doubles(node.putArray("quantiles"), f.quantiles());
                counts(node.putObject("rareLow"), f.rareLow());
                counts(node.putObject("rareHigh"), f.rareHigh());
            }
        }
        Baseline.NeighbourStats n = b.neighbours();
        ObjectNode neighbours = root.putObject("neighbours");
        neighbours.put("k", n.k());
        neighbours.put("queries", n.queries());
        ArrayNode agreement = neighbours.putArray("agreement");
        for (long count : n.agreement()) {
            agreement.add(count);
        }
        doubles(neighbours.putArray("distanceQuantiles"), n.distanceQuantiles());
        doubles(neighbours.putArray("distanceTail"), n.distanceTail());
        neighbours.put("nearestMedian", n.nearestMedian());
        ArrayNode hard = neighbours.putArray("hardRows");
        for (double[] row : n.hardRows()) {
            hard.addArray().add((long) row[0]).add((long) row[1]).add(row[2]);
        }
        doubles(root.putArray("rangeExcess"), b.rangeExcess());
        root.put("duplicateRows", b.duplicateRows());
        root.put("conflictingRows", b.conflictingRows());
        ByteBuffer records = ByteBuffer.allocate(b.fingerprints().length * 12);
        for (int i = 0; i < b.fingerprints().length; i++) {
            records.putLong(b.fingerprints()[i]).putInt(b.fingerprintLabels()[i]);
        }
        root.put("fingerprints", Base64.getEncoder().encodeToString(records.array()));
        return root;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void doubles(ArrayNode array, double[] values) {
        for (double value : values) {
            array.add(value);
        }
    }

    private static void counts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Validating accessors that name the field in errors. */
    private static final class Reader {
        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        Baseline baseline(JsonNode root) {
            object(root, "the baseline");
            if (!Baseline.FORMAT.equals(root.path("format").asText(null))) {
                throw bad("'format' is not " + Baseline.FORMAT);
            }
            long version = integer(root, "formatVersion", 1, 1_000);
            if (version != Baseline.FORMAT_VERSION) {
                throw bad("formatVersion " + version + " is not supported (this aigate reads "
                        + Baseline.FORMAT_VERSION + ")");
            }
            String tool = text(root, "tool");
            List<Baseline.FileDigest> files = new ArrayList<>();
            for (JsonNode node : array(root, "files", 1, 2)) {
                String path = text(node, "path");
                dev.aigate.core.io.SafePaths.problemWith(path).ifPresent(problem -> {
                    throw bad("file path '" + Text.abbreviate(path) + "': " + problem);
                });
                String sha = text(node, "sha256");
                if (!SHA256.matcher(sha).matches()) {
                    throw bad("'sha256' of " + path + " is not 64 lower-case hex digits");
                }
                files.add(new Baseline.FileDigest(path, integer(node, "size", 0, Long.MAX_VALUE), sha));
            }
            String label = text(root, "label");
            List<String> names = strings(root, "featureNames", MAX_FEATURES);
            List<String> categorical = strings(root, "categorical", MAX_FEATURES);
            int rows = (int) integer(root, "rows", 1, MAX_ROWS);
            Map<String, Long> classes = counts(root.get("classes"), "classes", TableBuilder.MAX_CLASSES, rows);
            if (classes.isEmpty()) {
                throw bad("'classes' is empty");
            }
            List<Baseline.FeatureStats> features = new ArrayList<>();
            JsonNode featureNodes = array(root, "features", names.size(), names.size());
            for (int f = 0; f < names.size(); f++) {
                features.add(feature(featureNodes.get(f), names.get(f), categorical.contains(names.get(f)), rows));
            }
            JsonNode n = object(root.get("neighbours"), "neighbours");
            int k = (int) integer(n, "k", 1, 100);
            int queries = (int) integer(n, "queries", 0, rows);
            long[] agreement = new long[k + 1];
            JsonNode agreementNode = array(n, "agreement", k + 1, k + 1);
            for (int j = 0; j <= k; j++) {
                agreement[j] = nonNegativeInteger(agreementNode.get(j), "neighbours.agreement", queries);
            }
            double[] distanceQuantiles = doubles(n, "distanceQuantiles", Baseline.QUANTILES, Baseline.QUANTILES, true);
            double[] tail = doubles(n, "distanceTail", 0, Math.max(1, queries), false);
            double nearestMedian = number(n, "nearestMedian");
            JsonNode hardNode = array(n, "hardRows", 0, Math.max(0, queries));
            double[][] hardRows = new double[hardNode.size()][];
            for (int i = 0; i < hardRows.length; i++) {
                JsonNode row = hardNode.get(i);
                if (!row.isArray() || row.size() != 3) {
                    throw bad("'neighbours.hardRows' must hold [agreeing, other, probability] triples");
                }
                long agreeing = nonNegativeInteger(row.get(0), "neighbours.hardRows", k);
                long other = nonNegativeInteger(row.get(1), "neighbours.hardRows", k);
                if (!row.get(2).isNumber() || !(row.get(2).doubleValue() >= -1 && row.get(2).doubleValue() <= 1)) {
                    throw bad("'neighbours.hardRows' probabilities must be between -1 and 1");
                }
                hardRows[i] = new double[] {agreeing, other, row.get(2).doubleValue()};
            }
            double[] rangeExcess = doubles(root, "rangeExcess", 0, rows, false);
            long duplicateRows = integer(root, "duplicateRows", 0, rows);
            long conflictingRows = integer(root, "conflictingRows", 0, rows);
            byte[] records;
            try {
                records = Base64.getDecoder().decode(text(root, "fingerprints", MAX_BASELINE_BYTES));
            } catch (IllegalArgumentException e) {
                throw bad("'fingerprints' is not base64");
            }
            if (records.length % 12 != 0 || records.length / 12 > rows) {
                throw bad("'fingerprints' holds " + records.length + " bytes, not 12 per approved row");
            }
            ByteBuffer buffer = ByteBuffer.wrap(records);
            long[] fingerprints = new long[records.length / 12];
            int[] labels = new int[fingerprints.length];
            for (int i = 0; i < fingerprints.length; i++) {
                fingerprints[i] = buffer.getLong();
                labels[i] = buffer.getInt();
                if (labels[i] < 0 || labels[i] >= classes.size()) {
                    throw bad("'fingerprints' names label index " + labels[i] + " of " + classes.size());
                }
                if (i > 0 && Long.compare(fingerprints[i - 1], fingerprints[i]) > 0) {
                    throw bad("'fingerprints' are not sorted");
                }
            }
            return new Baseline(tool, files, label, names, categorical, rows, classes, features,
                    new Baseline.NeighbourStats(k, queries, agreement, distanceQuantiles, tail, nearestMedian,
                            hardRows),
                    rangeExcess, duplicateRows, conflictingRows, fingerprints, labels);
        }

        private Baseline.FeatureStats feature(JsonNode node, String name, boolean categorical, int rows) {
            object(node, "feature " + name);
            if (!name.equals(text(node, "name"))) {
                throw bad("features are not in the order of 'featureNames' at '" + Text.abbreviate(name) + "'");
            }
            boolean isCategorical = node.path("categorical").isBoolean() && node.get("categorical").booleanValue();
            if (isCategorical != categorical) {
                throw bad("feature '" + Text.abbreviate(name) + "': 'categorical' disagrees with the list");
            }
            long missing = integer(node, "missing", 0, rows);
            if (categorical) {
                Map<String, Long> categories = counts(node.get("categories"), name + ".categories",
                        TableBuilder.MAX_CATEGORIES, rows);
                JsonNode rareNode = object(node.get("rareCategories"), name + ".rareCategories");
                Map<String, Map<String, Long>> rare = new LinkedHashMap<>();
                if (rareNode.size() > TableBuilder.MAX_CATEGORIES) {
                    throw bad(name + ".rareCategories has too many entries");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = rareNode.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    rare.put(entry.getKey(), counts(entry.getValue(), name + ".rareCategories",
                            TableBuilder.MAX_CLASSES, rows));
                }
                return new Baseline.FeatureStats(name, true, 0, 1, 0, 0, new double[0], missing, Map.of(), Map.of(),
                        categories, rare);
            }
            double mean = number(node, "mean");
            double scale = number(node, "scale");
            if (scale <= 0) {
                throw bad("feature '" + Text.abbreviate(name) + "': 'scale' must be positive");
            }
            double min = number(node, "min");
            double max = number(node, "max");
            double[] quantiles = doubles(node, "quantiles", Baseline.QUANTILES, Baseline.QUANTILES, true);
            if (min > max || quantiles[0] != min || quantiles[Baseline.QUANTILES - 1] != max) {
                throw bad("feature '" + Text.abbreviate(name) + "': min, max and quantiles disagree");
            }
            return new Baseline.FeatureStats(name, false, mean, scale, min, max, quantiles, missing,
                    counts(node.get("rareLow"), name + ".rareLow", TableBuilder.MAX_CLASSES, rows),
                    counts(node.get("rareHigh"), name + ".rareHigh", TableBuilder.MAX_CLASSES, rows), Map.of(),
                    Map.of());
        }

        private JsonNode object(JsonNode node, String what) {
            if (node == null || !node.isObject()) {
                throw bad("'" + what + "' must be an object");
            }
            return node;
        }

        private JsonNode array(JsonNode parent, String field, int min, int max) {
            JsonNode node = parent.get(field);
            if (node == null || !node.isArray() || node.size() < min || node.size() > max) {
                throw bad("'" + field + "' must be an array of " + (min == max ? String.valueOf(min)
                        : min + " to " + max) + " elements");
            }
            return node;
        }

        private String text(JsonNode parent, String field) {
            return text(parent, field, 4096);
        }

        private String text(JsonNode parent, String field, int max) {
            JsonNode node = parent.get(field);
            if (node == null || !node.isTextual() || node.textValue().length() > max) {
                throw bad("'" + field + "' must be a text of at most " + max + " characters");
            }
            return node.textValue();
        }

        private List<String> strings(JsonNode parent, String field, int max) {
            List<String> out = new ArrayList<>();
            for (JsonNode node : array(parent, field, 0, max)) {
                if (!node.isTextual() || node.textValue().length() > 4096) {
                    throw bad("'" + field + "' must list texts");
                }
                out.add(node.textValue());
            }
            return out;
        }

        private long integer(JsonNode parent, String field, long min, long max) {
            JsonNode node = parent.get(field);
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min
                    || node.longValue() > max) {
                throw bad("'" + field + "' must be a whole number between " + min + " and " + max);
            }
            return node.longValue();
        }

        private long nonNegativeInteger(JsonNode node, String field, long max) {
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0
                    || node.longValue() > max) {
                throw bad("'" + field + "' must hold whole numbers between 0 and " + max);
            }
            return node.longValue();
        }

        private double number(JsonNode parent, String field) {
            JsonNode node = parent.get(field);
            if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
                throw bad("'" + field + "' must be a finite number");
            }
            return node.doubleValue();
        }

        private double[] doubles(JsonNode parent, String field, int min, int max, boolean ascending) {
            JsonNode node = array(parent, field, min, max);
            double[] out = new double[node.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode value = node.get(i);
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw bad("'" + field + "' must hold finite numbers");
                }
                out[i] = value.doubleValue();
                if (ascending && i > 0 && out[i] < out[i - 1]) {
                    throw bad("'" + field + "' must be in ascending order");
                }
            }
            return out;
        }

        private Map<String, Long> counts(JsonNode node, String what, int maxEntries, long maxCount) {
            object(node, what);
            if (node.size() > maxEntries) {
                throw bad("'" + what + "' has more than " + maxEntries + " entries");
            }
            Map<String, Long> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                out.put(entry.getKey(), nonNegativeInteger(entry.getValue(), what, maxCount));
            }
            return out;
        }

        private InputException bad(String problem) {
            return new InputException(file, "malformed poisoning baseline: " + problem);
        }
    }
}
