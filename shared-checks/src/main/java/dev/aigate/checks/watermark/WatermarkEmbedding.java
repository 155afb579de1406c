package dev.aigate.checks.watermark;

import dev.aigate.core.PolicyException;
import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.formats.WriteHook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Embeds the watermark into every model of the policy's {@code watermark} section that names a {@code source}. */
public final class WatermarkEmbedding {
    private WatermarkEmbedding() {
    }

    /**
     * @param keyFileOverride a key file that replaces the policy's key source, or null
     * @param keyEnvOverride an environment variable that replaces the policy's key source, or null
     */
    public static List<Watermarking.Embedded> embed(Path policyFile, String keyFileOverride, String keyEnvOverride,
            Map<String, String> environment) {
        Policy policy = new PolicyLoader(CheckRegistry.load()).load(policyFile);
        WatermarkCheck check = new WatermarkCheck(environment);
        if (!policy.hasSection(check.id())) {
            throw new PolicyException(policyFile + ": the policy has no 'watermark' section, so there is nothing to"
                    + " embed");
        }
        WatermarkConfig config = policy.configFor(check);
        Path baseDir = policy.baseDir();
        WatermarkKey key;
        if (keyFileOverride != null && !keyFileOverride.isBlank()) {
            key = WatermarkKey.fromFile(Path.of(keyFileOverride).toAbsolutePath());
        } else if (keyEnvOverride != null && !keyEnvOverride.isBlank()) {
            key = WatermarkKey.fromEnv(keyEnvOverride, environment);
        } else {
            key = WatermarkKey.load(baseDir, config.keyFile(), config.keyEnv(), environment);
        }
        List<Watermarking.Embedded> done = new ArrayList<>();
        for (WatermarkConfig.Model model : config.models()) {
            if (model.source() == null) {
                continue;
            }
            done.add(Watermarking.embed(baseDir.resolve(model.source()).normalize(),
                    baseDir.resolve(model.path()).normalize(), key, config.params(), config.parsedPayload(),
                    WriteHook.NONE));
        }
        if (done.isEmpty()) {
            throw new PolicyException(policyFile + ": no model in the 'watermark' section names a 'source' to embed"
                    + " into its 'path'");
        }
        return done;
    }
}
