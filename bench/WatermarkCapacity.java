import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.checks.watermark.AccuracyProbe;
import dev.aigate.checks.watermark.Detection;
import dev.aigate.checks.watermark.Payload;
import dev.aigate.checks.watermark.WatermarkKey;
import dev.aigate.checks.watermark.WatermarkParams;
import dev.aigate.checks.watermark.Watermarking;
import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.WeightReader;
import dev.aigate.formats.WriteHook;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures what docs/watermark.md reports about the watermark's accuracy cost and survival:
 *
 * <ul>
 *   <li>fidelity: clean accuracy (ONNX Runtime, 450 digits test rows) before and after embedding into each digits
 *       fixture with 20 keys, mean and worst drop, without and with the fidelity guard (maxDrop 0.5);</li>
 *   <li>survival: the detection score after magnitude pruning and Gaussian noise, as a fraction of the score as
 *       embedded ("retention"), on models of 650 to 4M parameters: the capacity model of Capacity.java.</li>
 * </ul>
 *
 * Run by bench/watermark-capacity.sh: java -cp CLASSPATH bench/WatermarkCapacity.java WORKDIR
 */
public class WatermarkCapacity {
    static final Payload PAYLOAD = Payload.parse("00c0ffee5eed0001");
    static final double[] PRUNE = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    static final double[] NOISE = {0.05, 0.1, 0.2, 0.5, 1.0, 2.0};
    static final int KEYS = 20;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Files.createDirectories(work);
        fidelity(work);
        survival(work);
    }

    static WatermarkKey key(int i) throws Exception {
        return WatermarkKey.of(MessageDigest.getInstance("SHA-256").digest(("bench key " + i)
                .getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------------------------------------ fidelity

    static void fidelity(Path work) throws Exception {
        Path digits = Path.of("fixtures", "digits").toAbsolutePath();
        Files.copy(digits.resolve("digits-test.csv"), work.resolve("digits-test.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path policyFile = work.resolve("aigate.yml");
        Files.writeString(policyFile, "version: 1\nwatermark:\n  keyFile: none.key\n  payload: \"00\"\n"
                + "  fidelity: {data: {csv: digits-test.csv, label: label}}\n"
                + "  models:\n    - path: x.onnx\n");
        Policy policy = new PolicyLoader(CheckRegistry.load()).load(policyFile);
        AccuracyProbe probe = AccuracyProbe.find().orElseThrow();
        System.out.println("## Fidelity: 20 keys per model, minElements 512, carriers 4096 (capped at 50% of the"
                + " eligible weights), 64-bit payload");
        System.out.println();
        System.out.println("| Model | Parameters | Strength, carrier fraction | Accuracy | Drop, mean | Drop, worst | Keys over 0.5 |"
                + " With the guard: worst drop, refused | Score, min |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        // The 650-parameter logistic regression only holds a 32-bit payload on all of its weights.
        String[][] models = {{"digits-mlp.onnx", "0.2", "0.5", "00c0ffee5eed0001"},
            {"digits-mlp-sturdy.onnx", "0.2", "0.5", "00c0ffee5eed0001"},
            {"digits-cnn.onnx", "0.2", "0.5", "00c0ffee5eed0001"},
            {"digits-mlp-fragile.onnx", "0.2", "0.5", "00c0ffee5eed0001"},
            {"digits-logreg.onnx", "0.15", "1.0", "00c0ffee"}};
        try (AccuracyProbe.Evaluation evaluation = probe.open(new AccuracyProbe.Request(work, Map.of("csv", "x"),
                null, null, null, policy))) {
            for (String[] m : models) {
                Path model = digits.resolve(m[0]);
                double strength = Double.parseDouble(m[1]);
                WatermarkParams params = new WatermarkParams(4096, strength, 512, List.of(), List.of(),
                        Double.parseDouble(m[2]));
                Payload payload = Payload.parse(m[3]);
                double before = evaluation.accuracy(model);
                double sum = 0;
                double worst = -1e9;
                double worstGuarded = -1e9;
                double minScore = 1e9;
                int over = 0;
                int refused = 0;
                for (int k = 0; k < KEYS; k++) {
                    WatermarkKey key = key(k);
                    double chosen = Double.NaN;
                    for (int set = 0; set < WatermarkParams.CARRIER_SETS; set++) {
                        Path out = work.resolve("fid-" + k + "-" + set + "-" + m[0]);
                        Files.deleteIfExists(out);
                        Watermarking.Embedded e = Watermarking.embed(model, out, key, params.withCarrierSet(set),
                                payload, WriteHook.NONE);
                        double drop = 100 * (before - evaluation.accuracy(out));
                        Files.delete(out);
                        if (set == 0) {
                            sum += drop;
                            worst = Math.max(worst, drop);
                            over += drop > 0.5 + 1e-9 ? 1 : 0;
                            minScore = Math.min(minScore, e.selfCheck().score());
                        }
                        if (drop <= 0.5 + 1e-9) {
                            chosen = drop;
                            break;
                        }
                    }
                    if (Double.isNaN(chosen)) {
                        refused++;
                    } else {
                        worstGuarded = Math.max(worstGuarded, chosen);
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %s, %s | %.2f%% | %.2f | %.2f | %d of %d | %s, %d |"
                        + " %.2f |%n", m[0], parameters(model), m[1], m[2], 100 * before, sum / KEYS, worst, over, KEYS,
                        worstGuarded < -1e8 ? "-" : String.format(Locale.ROOT, "%.2f", worstGuarded), refused,
                        minScore);
            }
        }
        System.out.println();
    }

    static long parameters(Path model) {
        return ModelFile.open(model).floatTensors().stream().mapToLong(TensorRef::elements).sum();
    }

    // ------------------------------------------------------------------------------------------------ survival

    static void survival(Path work) throws Exception {
        Map<String, Path> models = new LinkedHashMap<>();
        Path digits = Path.of("fixtures", "digits");
        models.put("digits-cnn", digits.resolve("digits-cnn.onnx"));
        models.put("digits-mlp (4,810)", digits.resolve("digits-mlp.onnx"));
        for (int size : new int[] {64 * 1024, 1024 * 1024, 4 * 1024 * 1024}) {
            Path file = work.resolve("gaussian-" + size + ".safetensors");
            if (!Files.exists(file)) {
                gaussianModel(file, size, 11);
            }
            models.put(String.format(Locale.ROOT, "synthetic %,d", size), file);
        }
        System.out.println("## Survival: score after each attack / score as embedded (retention), mean of 3 keys;"
                + " default carriers 16384 and strength 0.2, minElements 512 (capped at 50% of the eligible"
                + " weights)");
        System.out.println();
        StringBuilder head = new StringBuilder("| Model | Carriers | Score |");
        StringBuilder line = new StringBuilder("|---|---|---|");
        for (double p : PRUNE) {
            head.append(String.format(Locale.ROOT, " prune %.0f%% |", 100 * p));
            line.append("---|");
        }
        for (double s : NOISE) {
            head.append(String.format(Locale.ROOT, " noise %s |", s));
            line.append("---|");
        }
        System.out.println(head);
        System.out.println(line);
        WatermarkParams params = WatermarkParams.defaults().withMinElements(512);
        for (Map.Entry<String, Path> entry : models.entrySet()) {
            double[] retention = new double[PRUNE.length + NOISE.length];
            double score0 = 0;
            int carriers = 0;
            int keys = 3;
            for (int k = 0; k < keys; k++) {
                WatermarkKey key = key(100 + k);
                Path marked = work.resolve("marked-" + k + "-" + entry.getValue().getFileName());
                Files.deleteIfExists(marked);
                Watermarking.Embedded e = Watermarking.embed(entry.getValue(), marked, key, params, PAYLOAD,
                        WriteHook.NONE);
                carriers = e.carriers();
                double z0 = e.selfCheck().score();
                score0 += z0 / keys;
                Map<String, float[]> weights = readAll(marked);
                Files.delete(marked);
                for (int i = 0; i < PRUNE.length; i++) {
                    retention[i] += detect(work, prune(weights, PRUNE[i]), key, params) / z0 / keys;
                }
                for (int i = 0; i < NOISE.length; i++) {
                    retention[PRUNE.length + i] += detect(work, noise(weights, NOISE[i], 7 + k), key, params) / z0
                            / keys;
                }
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.2f |", entry.getKey(),
                    carriers, score0));
            for (double r : retention) {
                row.append(String.format(Locale.ROOT, " %.2f |", r));
            }
            System.out.println(row);
        }
    }

    static double detect(Path work, Map<String, float[]> weights, WatermarkKey key, WatermarkParams params)
            throws IOException {
        Path file = work.resolve("attacked.safetensors");
        write(file, weights);
        Detection d = Watermarking.detect(ModelFile.open(file), key, params, PAYLOAD);
        return d.score();
    }

    static Map<String, float[]> readAll(Path model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (WeightReader reader = new WeightReader()) {
            for (TensorRef t : ModelFile.open(model).floatTensors()) {
                float[] v = new float[(int) t.elements()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = reader.read(t, i);
                }
                out.put(t.name(), v);
            }
        }
        return out;
    }

    /** Magnitude pruning: the {@code fraction} smallest |w| of every tensor set to 0. */
    static Map<String, float[]> prune(Map<String, float[]> model, double fraction) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.forEach((name, v) -> {
            float[] w = v.clone();
            float[] magnitudes = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                magnitudes[i] = Math.abs(w[i]);
            }
            float[] sorted = magnitudes.clone();
            Arrays.sort(sorted);
            int cut = (int) Math.floor(fraction * w.length);
            float threshold = cut == 0 ? -1 : sorted[cut - 1];
            int zeroed = 0;
            for (int i = 0; i < w.length && zeroed < cut; i++) {
                if (magnitudes[i] < threshold) {
                    w[i] = 0;
                    zeroed++;
                }
            }
            for (int i = 0; i < w.length && zeroed < cut; i++) {
                if (magnitudes[i] == threshold && w[i] != 0) {
                    w[i] = 0;
                    zeroed++;
                }
            }
            out.put(name, w);
        });
        return out;
    }

    /** Gaussian noise of {@code relative} times each tensor's standard deviation. */
    static Map<String, float[]> noise(Map<String, float[]> model, double relative, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        model.forEach((name, v) -> {
            double mean = 0;
            for (float x : v) {
                mean += x;
            }
            mean /= v.length;
            double var = 0;
            for (float x : v) {
                var += (x - mean) * (x - mean);
            }
            double std = Math.sqrt(var / v.length);
            float[] w = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                w[i] = (float) (v[i] + gaussian(random) * relative * std);
            }
            out.put(name, w);
        });
        return out;
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** A model of {@code elements} Gaussian weights in tensors of 64k elements with different scales. */
    static void gaussianModel(Path file, int elements, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        int size = 64 * 1024;
        for (int t = 0; t * size < elements; t++) {
            float[] w = new float[size];
            double std = 0.02 * (1 + t % 4);
            for (int i = 0; i < size; i++) {
                w[i] = (float) (gaussian(random) * std);
            }
            tensors.put(String.format(Locale.ROOT, "layer%03d.weight", t), w);
        }
        write(file, tensors);
    }

    static void write(Path file, Map<String, float[]> tensors) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, float[]> t : tensors.entrySet()) {
            long bytes = 4L * t.getValue().length;
            header.put(t.getKey(), Map.of("dtype", "F32", "shape", List.of(t.getValue().length), "data_offsets",
                    List.of(offset, offset + bytes)));
            offset += bytes;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        int pad = (8 - json.length % 8) % 8;
        byte[] text = Arrays.copyOf(json, json.length + pad);
        Arrays.fill(text, json.length, text.length, (byte) ' ');
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(text.length);
            out.write(len.array());
            out.write(text);
            for (float[] v : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                out.write(b.array());
            }
        }
    }
}
