package dev.aigate.checks.signature;

import dev.aigate.core.GateException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;

/** Signs the model files the policy's {@code signature} section selects, with the private key from a file or env. */
public final class ModelSigningPolicy {
    private ModelSigningPolicy() {
    }

    public static ModelSigning.Signed sign(Path policyFile, String keyFileOverride, String keyEnvOverride,
            Map<String, String> environment) {
        Policy policy = new PolicyLoader(CheckRegistry.load()).load(policyFile);
        SignatureCheck check = new SignatureCheck();
        if (!policy.hasSection(check.id())) {
            throw new PolicyException(policyFile + ": the policy has no 'signature' section, so there is nothing to"
                    + " sign");
        }
        SignatureConfig config = policy.configFor(check);
        Path baseDir = policy.baseDir();
        PrivateKey key;
        if (keyFileOverride != null && !keyFileOverride.isBlank()) {
            key = Ed25519Keys.readPrivate(Path.of(keyFileOverride).toAbsolutePath());
        } else if (keyEnvOverride != null && !keyEnvOverride.isBlank()) {
            key = Ed25519Keys.readPrivateFromEnv(keyEnvOverride, environment);
        } else if (config.keyFile() != null) {
            key = Ed25519Keys.readPrivate(baseDir.resolve(config.keyFile()).normalize());
        } else if (config.keyEnv() != null) {
            key = Ed25519Keys.readPrivateFromEnv(config.keyEnv(), environment);
        } else {
            throw new GateException("no signing key: set 'keyFile' or 'keyEnv' in the policy's 'signature' section,"
                    + " or pass a key file");
        }
        return ModelSigning.sign(config.selection(baseDir), key);
    }
}
