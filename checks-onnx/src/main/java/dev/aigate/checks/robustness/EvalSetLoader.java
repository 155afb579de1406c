package dev.aigate.checks.robustness;

import dev.aigate.formats.npy.NpyReader;
import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Loads a labelled data set named in the policy (the robustness evaluation set, the privacy check's member and
 * non-member sets), validates it against the model, and applies the sample limit.
 */
public final class EvalSetLoader {
    /** Bounds for untrusted evaluation files: 16 Mi feature values and 1 GiB of CSV text. */
    static final long MAX_ELEMENTS = 16L << 20;
    static final long MAX_CSV_BYTES = 1L << 30;

    private EvalSetLoader() {
    }

    /**
     * Resolves a policy path inside the policy's directory; a path that leaves it, directly or through a symbolic
     * link, is refused, and so is anything but a regular file.
     *
     * @param policyKey the full policy key, e.g. {@code robustness.model}, for messages
     */
    public static Path resolve(Path baseDir, String relative, String policyKey) {
        Path resolved = SafePaths.resolveInside(baseDir, relative).orElseThrow(() -> new GateException(
                policyKey + " '" + relative + "' is not a path inside " + baseDir));
        if (Files.exists(resolved)) {
            try {
                Path real = resolved.toRealPath();
                Path realBase = baseDir.toRealPath();
                if (!real.startsWith(realBase)) {
                    throw new InputException(resolved, "resolves through a symbolic link to " + real + ", outside the"
                            + " policy's directory " + realBase);
                }
            } catch (IOException e) {
                throw new InputException(resolved, "cannot resolve: " + e.getMessage(), e);
            }
            if (!Files.isRegularFile(resolved)) {
                throw new InputException(resolved, "not a regular file (" + policyKey + ")");
            }
        }
        return resolved;
    }

    /**
     * The external-data files of an ONNX model, as digests for the report: ONNX Runtime reads their weights, so they are
     * judged inputs as much as the model file. The core ONNX reader refuses a {@code location} that leaves the model's
     * folder (directly, absolutely or through a symbolic link) and anything but a regular file, before ONNX Runtime
     * opens anything.
     */
    public static List<dev.aigate.core.InputDigest> externalData(Path baseDir, Path modelFile) {
        List<Path> files = dev.aigate.formats.onnx.OnnxModel.open(modelFile).files();
        List<dev.aigate.core.InputDigest> digests = new ArrayList<>();
        for (Path file : files.subList(1, files.size())) {
            dev.aigate.core.files.ProjectRoot.of(baseDir).requireInside(file, "ONNX external data");
            try {
                digests.add(new dev.aigate.core.InputDigest("model-external-data", SafePaths.relativize(baseDir,
                        file), Files.size(file), dev.aigate.core.io.Digests.sha256Hex(file)));
            } catch (IOException e) {
                throw new InputException(file, "cannot read ONNX external data: " + e.getMessage(), e);
            }
        }
        return digests;
    }

    /** The raw set as read, before validation against the model. */
    public record Raw(float[] x, long[] labels, int n, int features, Path labelFile, Path featureFile, boolean csv) {
    }

    static Raw read(Path baseDir, RobustnessConfig.Data data) {
        return read(baseDir, data, RobustnessCheck.ID + ".data");
    }

    /**
     * Reads the set without judging it against a model.
     *
     * @param policyKey where {@code data} sits in the policy, e.g. {@code privacy.members}, for messages
     */
    public static Raw read(Path baseDir, RobustnessConfig.Data data, String policyKey) {
        if (data.isCsv()) {
            Path csv = resolve(baseDir, data.csv(), policyKey + ".csv");
            CsvReader.Table table = CsvReader.read(csv, data.header(), data.label(), data.classes(),
                    MAX_CSV_BYTES, MAX_ELEMENTS);
            return new Raw(table.x(), table.labels(), table.rows(), table.features(), csv, csv, true);
        }
        Path featuresFile = resolve(baseDir, data.features(), policyKey + ".features");
        Path labelsFile = resolve(baseDir, data.labels(), policyKey + ".labels");
        NpyReader.NpyArray features = NpyReader.read(featuresFile, MAX_ELEMENTS);
        NpyReader.NpyArray labels = NpyReader.read(labelsFile, MAX_ELEMENTS);
        if (features.shape().length < 1) {
            throw new InputException(featuresFile, "features must be an array of samples, not a scalar");
        }
        long n = features.shape()[0];
        long perSample = 1;
        for (int i = 1; i < features.shape().length; i++) {
            perSample *= features.shape()[i];
            if (perSample > MAX_ELEMENTS) {
                throw new InputException(featuresFile, "features have shape " + NpyReader.shapeText(features.shape())
                        + ", more than " + MAX_ELEMENTS + " values per sample");
            }
        }
        if (features.shape().length == 1) {
            throw new InputException(featuresFile, "features have shape " + NpyReader.shapeText(features.shape())
                    + "; expected one row of features per sample, e.g. (" + n + ", 64)");
        }
        if (labels.shape().length != 1 && !(labels.shape().length == 2 && labels.shape()[1] == 1)) {
            throw new InputException(labelsFile, "labels have shape " + NpyReader.shapeText(labels.shape())
                    + "; expected one class index per sample, e.g. (" + n + ",)");
        }
        if (labels.shape()[0] != n) {
            throw new InputException(labelsFile, labels.shape()[0] + " labels for " + n + " samples in "
                    + featuresFile.getFileName());
        }
        if (!labels.dtype().matches("[<>|=][iub]\\d")) {
            for (double value : labels.values()) {
                if (value != Math.rint(value)) {
                    throw new InputException(labelsFile, "labels must be whole numbers (dtype " + labels.dtype()
                            + " has value " + value + ")");
                }
            }
        }
        float[] x = new float[features.values().length];
        for (int i = 0; i < x.length; i++) {
            double value = features.values()[i];
            float single = (float) value;
            if (!Double.isFinite(value) || !Float.isFinite(single)) {
                throw new InputException(featuresFile, "sample " + (i / perSample) + ", feature " + (i % perSample)
                        + ": value " + value + " is not finite (NaN or infinite values cannot be evaluated)");
            }
            x[i] = single;
        }
        long[] y = new long[labels.values().length];
        for (int i = 0; i < y.length; i++) {
            double value = labels.values()[i];
            y[i] = Double.isFinite(value) ? (long) value : Long.MAX_VALUE;
        }
        return new Raw(x, y, (int) n, (int) perSample, labelsFile, featuresFile, false);
    }

    /**
     * Validates the raw set against the model (feature count, label range, input range) and keeps at most
     * {@code maxSamples} samples, stratified by label, chosen with {@code seed}.
     */
    public static EvalSet prepare(Raw raw, String description, int modelFeatures, String modelShape, int classes,
            double low, double high, int maxSamples, long seed) {
        if (raw.n() == 0) {
            throw new InputException(raw.featureFile(), "the evaluation set is empty (no samples)");
        }
        if (raw.features() != modelFeatures) {
            throw new InputException(raw.featureFile(), "the data has " + raw.features() + " features per sample"
                    + " but the model input " + modelShape + " expects " + modelFeatures);
        }
        for (int i = 0; i < raw.n(); i++) {
            long label = raw.labels()[i];
            if (label < 0 || label >= classes) {
                throw new InputException(raw.labelFile(), where(raw, i) + ": label " + (label == Long.MAX_VALUE
                        ? "out of range" : String.valueOf(label)) + " is outside the model's classes 0.."
                        + (classes - 1) + " (the model has " + classes + " outputs)");
            }
        }
        float lo = (float) low;
        float hi = (float) high;
        for (int i = 0; i < raw.x().length; i++) {
            float value = raw.x()[i];
            if (value < lo || value > hi) {
                int sample = i / raw.features();
                throw new InputException(raw.featureFile(), where(raw, sample) + ", feature " + (i % raw.features())
                        + ": value " + value + " is outside inputRange [" + Epsilons.format(low) + ", "
                        + Epsilons.format(high) + "]; scale the data or set inputRange");
            }
        }
        int[] chosen = stratified(raw.labels(), raw.n(), classes, maxSamples, seed);
        int d = raw.features();
        float[] x = new float[chosen.length * d];
        int[] y = new int[chosen.length];
        int[] rows = new int[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            System.arraycopy(raw.x(), chosen[k] * d, x, k * d, d);
            y[k] = (int) raw.labels()[chosen[k]];
            rows[k] = chosen[k];
        }
        return new EvalSet(x, y, chosen.length, d, rows, description);
    }

    private static String where(Raw raw, int sample) {
        return raw.csv() ? "line " + (sample + 2) + " (data row " + (sample + 1) + ")" : "sample " + sample;
    }

    /**
     * At most {@code max} indices, allocated to labels in proportion to their counts (largest remainder, ties to the
     * smaller label), each label's share drawn at random with {@code seed}; returned in file order.
     */
    static int[] stratified(long[] labels, int n, int classes, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byClass.get((int) labels[i]).add(i);
        }
        int[] take = new int[classes];
        double[] remainder = new double[classes];
        int allocated = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) max * byClass.get(c).size() / n;
            take[c] = (int) Math.floor(exact);
            remainder[c] = exact - take[c];
            allocated += take[c];
        }
        while (allocated < max) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (take[c] < byClass.get(c).size() && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            take[best]++;
            remainder[best] = -1;
            allocated++;
        }
        List<Integer> chosen = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(Rng.mix(seed, 0x5A3B1E, 0, 0));
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>(byClass.get(c));
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer swap = members.get(i);
                members.set(i, members.get(j));
                members.set(j, swap);
            }
            chosen.addAll(members.subList(0, take[c]));
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
