package dev.aigate.checks.watermark;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import dev.aigate.core.view.View;
import dev.aigate.formats.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies that each released model carries the organisation's watermark with the expected payload. Needs the key and
 * the payload, not the original model. Reports score, p-value, false-positive bound, bit-error rate and the key
 * fingerprint; never the key.
 */
public final class WatermarkCheck implements Check<WatermarkConfig> {
    public static final String ID = "watermark";

    public static final Rule NOT_DETECTED = new Rule("watermark/not-detected", Severity.HIGH,
            "The model does not carry the watermark at the required confidence.",
            "Embed the watermark with 'mvn aigate:watermark' (or 'aigate watermark embed') and release the"
                    + " watermarked file; check that the key and parameters match those used to embed.");
    public static final Rule PAYLOAD_MISMATCH = new Rule("watermark/payload-mismatch", Severity.HIGH,
            "The watermark is present but its payload differs from the expected one by more than the allowed"
                    + " bit-error rate.",
            "Check the policy's 'payload'; re-embed into the original model if the payload changed.");
    public static final Rule METADATA = new Rule("watermark/metadata", Severity.INFO,
            "The model's watermark metadata is missing or names another key (detection does not rely on it).",
            null);

    private static final List<Rule> RULES = List.of(NOT_DETECTED, PAYLOAD_MISMATCH, METADATA);

    private final Map<String, String> environment;

    public WatermarkCheck() {
        this(System.getenv());
    }

    /** For tests: the environment the key variable is read from. */
    public WatermarkCheck(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Model watermark";
    }

    @Override
    public Class<WatermarkConfig> configType() {
        return WatermarkConfig.class;
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public boolean enabled(WatermarkConfig config) {
        return config.enabled();
    }

    @Override
    public Set<String> overridableKeys() {
        return Set.of("maxFalsePositive", "maxBitErrorRate");
    }

    @Override
    public List<dev.aigate.core.spi.Action<WatermarkConfig>> actions() {
        return List.of(new EmbedAction(), new VerifyFileAction(), new KeygenAction());
    }

    @Override
    public CheckResult run(WatermarkConfig config, CheckContext context) {
        double maxFalsePositive = override(context, "maxFalsePositive", config.maxFalsePositive(), 0, 0.5);
        double maxBitErrorRate = override(context, "maxBitErrorRate", config.maxBitErrorRate(), -1e-12, 0.5);
        Path baseDir = context.baseDir();
        dev.aigate.core.files.ProjectRoot project = context.projectRoot();
        if (config.keyFile() != null && !config.keyFile().isBlank()) {
            project.resolve(config.keyFile(), "watermark keyFile");
        }
        WatermarkKey key = WatermarkKey.from(config.keySource().orElseThrow().read(baseDir, environment,
                "watermark key"));
        List<Path> paths = config.models().stream().map(m -> project.resolve(m.path(), "watermark model path"))
                .toList();
        return judge(title(), baseDir, paths, key, config.params(), config.parsedPayload(), maxFalsePositive,
                maxBitErrorRate);
    }

    /** Detects the watermark in each model and reports what is missing or differs; shared with {@code verify-file}. */
    static CheckResult judge(String title, Path baseDir, List<Path> paths, WatermarkKey key, WatermarkParams params,
            Payload payload, double maxFalsePositive, double maxBitErrorRate) {
        CheckResult.Builder result = CheckResult.builder(ID, title);
        List<Map<String, Object>> models = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Path path : paths) {
            ModelFile model = ModelFile.open(path);
            for (Path file : model.files()) {
                result.input(digest(baseDir, file));
            }
            Detection d = Watermarking.detect(model, key, params, payload);
            String subject = subject(baseDir, path);
            boolean detected = d.detected(maxFalsePositive);
            if (!detected) {
                result.finding(Finding.of(NOT_DETECTED, String.format(Locale.ROOT, "%s: no watermark detected with"
                        + " key %s (score %.2f, false-positive bound %.3g, required at most %.3g)", subject,
                        key.fingerprint(), d.score(), d.falsePositiveBound(), maxFalsePositive))
                        .subject(subject)
                        .expected(String.format(Locale.ROOT, "score >= %.2f (false-positive bound <= %.3g)",
                                Detection.requiredScore(maxFalsePositive), maxFalsePositive))
                        .actual(String.format(Locale.ROOT, "score %.2f (false-positive bound %.3g)", d.score(),
                                d.falsePositiveBound())).build());
            } else if (d.bitErrorRate() > maxBitErrorRate) {
                result.finding(Finding.of(PAYLOAD_MISMATCH, String.format(Locale.ROOT, "%s: watermark detected"
                        + " (score %.2f) but %d of %d payload bits differ (bit-error rate %.4f, allowed %.4f)",
                        subject, d.score(), d.bitErrors(), d.bits(), d.bitErrorRate(), maxBitErrorRate))
                        .subject(subject).expected("payload " + payload.hex())
                        .actual("payload " + d.decodedPayload()).build());
            }
            String recorded = model.metadata().get(Watermarking.META_KEY_FINGERPRINT);
            if (recorded == null) {
                result.finding(Finding.of(METADATA, subject + ": no aigate watermark metadata (stripped or never"
                        + " added); detection does not rely on it").subject(subject).build());
            } else if (!recorded.equals(key.fingerprint())) {
                result.finding(Finding.of(METADATA, subject + ": metadata names key " + recorded + ", verifying"
                        + " with key " + key.fingerprint()).subject(subject).expected(key.fingerprint())
                        .actual(recorded).build());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", subject);
            m.put("format", model.format());
            m.put("detected", detected);
            m.put("score", round(d.score()));
            m.put("pValue", d.pValue());
            m.put("falsePositiveBound", d.falsePositiveBound());
            m.put("requiredScore", round(Detection.requiredScore(maxFalsePositive)));
            m.put("bitErrorRate", d.bitErrorRate());
            m.put("bitErrors", d.bitErrors());
            m.put("payloadBits", d.bits());
            m.put("carriers", d.carriers());
            m.put("eligibleTensors", d.tensors());
            m.put("eligibleWeights", d.eligibleElements());
            m.put("metadataKeyFingerprint", recorded);
            models.add(m);
            double required = Detection.requiredScore(maxFalsePositive);
            result.view(new View.Note(String.format(Locale.ROOT, "%s: watermark %s (score %.2f, required %.2f),"
                    + " payload bit-error rate %.4f (%d of %d bits)", subject, detected ? "detected" : "NOT detected",
                    d.score(), required, d.bitErrorRate(), d.bitErrors(), d.bits())));
            result.view(new View.Gauge("Watermark detection score: " + subject, "score", round(d.score()),
                    round(required), Math.max(d.score(), required) * 1.25));
            rows.add(List.of(subject, detected, round(d.score()), round(required), d.pValue(), d.bitErrors() + "/"
                    + d.bits(), d.carriers()));
        }
        result.view(new View.Table("Watermark per model", List.of("Model", "Detected", "Score", "Required score",
                "p-value", "Payload bit errors", "Carriers"), rows));
        result.metric("keyFingerprint", key.fingerprint());
        result.metric("scheme", CarrierPlan.SCHEME + "-v" + CarrierPlan.VERSION);
        result.metric("maxFalsePositive", maxFalsePositive);
        result.metric("maxBitErrorRate", maxBitErrorRate);
        result.metric("models", models);
        return result.build();
    }

    /** A model inside the project is named relative to it; one elsewhere (a suspected leaked copy) by its path. */
    static String subject(Path baseDir, Path path) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? SafePaths.relativize(base, absolute) : absolute.toString();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double override(CheckContext context, String key, double value, double above, double below) {
        String text = context.overrides().get(ID + "." + key);
        if (text == null) {
            return value;
        }
        try {
            double parsed = Double.parseDouble(text.trim());
            if (parsed > above && parsed < below) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new dev.aigate.core.PolicyException("override " + ID + "." + key + "=" + text + " must be a number"
                + " in (" + Math.max(0, above) + ", " + below + ")");
    }

    static InputDigest digest(Path baseDir, Path file) {
        try {
            return new InputDigest("model", subject(baseDir, file), Files.size(file),
                    Digests.sha256Hex(file));
        } catch (IOException e) {
            throw new InputException(file, "cannot read model file: " + e.getMessage(), e);
        }
    }
}
