package dev.aigate.checks.watermark;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code watermark} section of the policy. It names where the key comes from ({@code keyFile} or
 * {@code keyEnv}), never the key itself.
 *
 * @param models the model files: {@code path} is what the gate verifies (the released file); {@code source}, when
 *     given, is the unwatermarked model that the {@code watermark} goal embeds into {@code path}
 * @param keyFile a file holding the key (hex), relative to the policy
 * @param keyEnv an environment variable holding the key (hex)
 * @param payload the payload in hex, e.g. a 64-bit owner id
 * @param maxFalsePositive the largest accepted false-positive bound for a detection (the required confidence)
 * @param maxBitErrorRate the largest accepted fraction of payload bits decoded wrongly
 * @param fidelity the accuracy guard of {@code embed}: the evaluation data and the largest accepted drop
 * @param survive what the mark must survive (e.g. {@code prune: 0.5}): {@code embed} warns when the capacity model
 *     expects less
 */
public record WatermarkConfig(
        Boolean enabled,
        @JsonProperty(required = true) List<Model> models,
        String keyFile,
        String keyEnv,
        @JsonProperty(required = true) String payload,
        Integer carriers,
        Double strength,
        Long minElements,
        List<String> include,
        List<String> exclude,
        Double maxCarrierFraction,
        Double maxFalsePositive,
        Double maxBitErrorRate,
        Fidelity fidelity,
        Survive survive) {

    public static final double DEFAULT_MAX_FALSE_POSITIVE = 1e-9;
    public static final double DEFAULT_MAX_BIT_ERROR_RATE = 0.0;

    /**
     * One model: the released file and, optionally, the unwatermarked source it is made from, and (for a SafeTensors
     * source) the ONNX export of the same weights that the fidelity guard runs.
     */
    public record Model(@JsonProperty(required = true) String path, String source, String onnxExport) {
        public Model(String path, String source) {
            this(path, source, null);
        }

        public Model {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("a watermark model needs a 'path'");
            }
            if (onnxExport != null && (source == null || !onnxExport.toLowerCase(java.util.Locale.ROOT)
                    .endsWith(".onnx"))) {
                throw new IllegalArgumentException("model '" + path + "': 'onnxExport' names the .onnx export of the"
                        + " same weights as its 'source', for the fidelity guard");
            }
            if (source != null && source.equals(path)) {
                throw new IllegalArgumentException("model '" + path + "': 'source' and 'path' are the same file;"
                        + " the watermarked copy must be a new file");
            }
        }
    }

    /**
     * The fidelity guard: with evaluation data (its own {@code data}, else the robustness section's), {@code embed}
     * measures clean accuracy before and after and refuses a drop above {@code maxDrop} percentage points, after
     * trying {@code attempts} of the key's carrier sets.
     *
     * @param enabled false turns the guard off even when the policy names evaluation data
     * @param data evaluation data, the same keys as the robustness section's {@code data}
     * @param maxDrop the largest accepted accuracy drop in percentage points (default 0.5)
     * @param attempts carrier sets tried before giving up (default and most: {@link WatermarkParams#CARRIER_SETS})
     * @param input the model input, when the model has several
     * @param output the model output, when the model has several
     * @param maxSamples at most this many samples (default 500, stratified by label)
     */
    public record Fidelity(Boolean enabled, java.util.Map<String, Object> data, Double maxDrop, Integer attempts,
            String input, String output, Integer maxSamples) {
        public static final double DEFAULT_MAX_DROP = 0.5;

        public Fidelity {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            maxDrop = maxDrop == null ? DEFAULT_MAX_DROP : maxDrop;
            if (!(maxDrop >= 0 && maxDrop <= 100)) {
                throw new IllegalArgumentException("'fidelity.maxDrop' is in percentage points, between 0 and 100");
            }
            attempts = attempts == null ? WatermarkParams.CARRIER_SETS : attempts;
            if (attempts < 1 || attempts > WatermarkParams.CARRIER_SETS) {
                throw new IllegalArgumentException("'fidelity.attempts' must be between 1 and "
                        + WatermarkParams.CARRIER_SETS);
            }
            if (maxSamples != null && (maxSamples < 1 || maxSamples > 1_000_000)) {
                throw new IllegalArgumentException("'fidelity.maxSamples' must be between 1 and 1000000");
            }
            data = data == null ? null : java.util.Map.copyOf(data);
        }

        static Fidelity defaults() {
            return new Fidelity(null, null, null, null, null, null, null);
        }
    }

    /**
     * What the mark must survive, checked against the capacity model at {@code embed}.
     *
     * @param prune the fraction of each tensor's smallest-magnitude weights set to zero
     * @param noise Gaussian noise added to each weight, as a fraction of its tensor's standard deviation
     */
    public record Survive(Double prune, Double noise) {
        public Survive {
            if (prune != null && !(prune >= 0 && prune < 1)) {
                throw new IllegalArgumentException("'survive.prune' is a fraction in [0, 1), e.g. 0.5");
            }
            if (noise != null && !(noise >= 0 && noise <= 10)) {
                throw new IllegalArgumentException("'survive.noise' is a fraction of each tensor's standard"
                        + " deviation in [0, 10], e.g. 0.05");
            }
        }
    }

    public WatermarkConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        fidelity = fidelity == null ? Fidelity.defaults() : fidelity;
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("'models' must list at least one model");
        }
        models = List.copyOf(models);
        Set<String> paths = new HashSet<>();
        for (Model model : models) {
            if (!paths.add(model.path())) {
                throw new IllegalArgumentException("model path '" + model.path() + "' is listed twice");
            }
        }
        boolean hasFile = keyFile != null && !keyFile.isBlank();
        boolean hasEnv = keyEnv != null && !keyEnv.isBlank();
        if (hasFile == hasEnv) {
            throw new IllegalArgumentException("set exactly one key source: 'keyFile' (a file holding the key) or"
                    + " 'keyEnv' (an environment variable holding it); the key itself never goes in the policy");
        }
        if (hasEnv && !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException("'keyEnv' must name an environment variable (letters, digits, '_'),"
                    + " not hold the key");
        }
        Payload.parse(payload);
        maxFalsePositive = maxFalsePositive == null ? DEFAULT_MAX_FALSE_POSITIVE : maxFalsePositive;
        if (!(maxFalsePositive > 0 && maxFalsePositive < 0.5)) {
            throw new IllegalArgumentException("'maxFalsePositive' must be between 0 and 0.5, e.g. 1.0e-9");
        }
        maxBitErrorRate = maxBitErrorRate == null ? DEFAULT_MAX_BIT_ERROR_RATE : maxBitErrorRate;
        if (!(maxBitErrorRate >= 0 && maxBitErrorRate < 0.5)) {
            throw new IllegalArgumentException("'maxBitErrorRate' must be at least 0 and below 0.5");
        }
        params(carriers, strength, minElements, include, exclude, maxCarrierFraction);
    }

    private static WatermarkParams params(Integer carriers, Double strength, Long minElements, List<String> include,
            List<String> exclude, Double maxCarrierFraction) {
        return new WatermarkParams(
                carriers == null ? WatermarkParams.DEFAULT_CARRIERS : carriers,
                strength == null ? WatermarkParams.DEFAULT_STRENGTH : strength,
                minElements == null ? WatermarkParams.DEFAULT_MIN_ELEMENTS : minElements,
                include, exclude,
                maxCarrierFraction == null ? WatermarkParams.DEFAULT_MAX_CARRIER_FRACTION : maxCarrierFraction);
    }

    /** The layout keys the policy sets itself; the others are read from each model's metadata when verifying. */
    public Set<String> explicitLayoutKeys() {
        Set<String> keys = new HashSet<>();
        if (carriers != null) {
            keys.add("carriers");
        }
        if (minElements != null) {
            keys.add("minElements");
        }
        if (include != null) {
            keys.add("include");
        }
        if (exclude != null) {
            keys.add("exclude");
        }
        if (maxCarrierFraction != null) {
            keys.add("maxCarrierFraction");
        }
        return keys;
    }

    public WatermarkParams params() {
        return params(carriers, strength, minElements, include, exclude, maxCarrierFraction);
    }

    /** Where the key comes from: exactly one of {@code keyFile} and {@code keyEnv}. */
    public java.util.Optional<dev.aigate.core.keys.KeySource> keySource() {
        return dev.aigate.core.keys.KeySource.of(keyFile, keyEnv, "the 'watermark' section");
    }

    public Payload parsedPayload() {
        return Payload.parse(payload);
    }
}
