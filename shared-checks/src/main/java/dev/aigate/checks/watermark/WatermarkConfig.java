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
        Double maxBitErrorRate) {

    public static final double DEFAULT_MAX_FALSE_POSITIVE = 1e-9;
    public static final double DEFAULT_MAX_BIT_ERROR_RATE = 0.0;

    /** One model: the released file and, optionally, the unwatermarked source it is made from. */
    public record Model(@JsonProperty(required = true) String path, String source) {
        public Model {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("a watermark model needs a 'path'");
            }
            if (source != null && source.equals(path)) {
                throw new IllegalArgumentException("model '" + path + "': 'source' and 'path' are the same file;"
                        + " the watermarked copy must be a new file");
            }
        }
    }

    public WatermarkConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
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
