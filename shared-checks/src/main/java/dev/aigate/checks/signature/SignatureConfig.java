package dev.aigate.checks.signature;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code signature} section of the policy.
 *
 * @param path the model directory (every file in it is signed) or a single model file, relative to the policy
 * @param include globs (relative to the directory) of files to sign; default all
 * @param exclude globs of files not to sign
 * @param signatureFile where the DSSE envelope is; default {@value #DEFAULT_SIGNATURE_NAME} in the directory (or
 *     next to the file)
 * @param publicKeys the trusted public keys (PEM files); a signature must verify with one of them
 * @param keyFile the private key file used by {@code sign-model} (never the key itself)
 * @param keyEnv an environment variable holding the private key PEM, for {@code sign-model}
 * @param required whether a missing signature fails the gate (default true)
 */
public record SignatureConfig(
        Boolean enabled,
        @JsonProperty(required = true) String path,
        List<String> include,
        List<String> exclude,
        String signatureFile,
        @JsonProperty(required = true) List<String> publicKeys,
        String keyFile,
        String keyEnv,
        Boolean required) {

    public static final String DEFAULT_SIGNATURE_NAME = "aigate-signature.dsse.json";

    public SignatureConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        required = required == null ? Boolean.TRUE : required;
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("'path' must name the model directory or file to sign");
        }
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        if (publicKeys == null || publicKeys.isEmpty()) {
            throw new IllegalArgumentException("'publicKeys' must list at least one trusted public key file");
        }
        publicKeys = List.copyOf(publicKeys);
        if (keyFile != null && keyEnv != null) {
            throw new IllegalArgumentException("set at most one private key source: 'keyFile' or 'keyEnv'");
        }
        if (keyEnv != null && !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException("'keyEnv' must name an environment variable, not hold the key");
        }
    }

    /** Where the private key for signing comes from, when the section names one. */
    public java.util.Optional<dev.aigate.core.keys.KeySource> keySource() {
        return dev.aigate.core.keys.KeySource.of(keyFile, keyEnv, "the 'signature' section");
    }

    /** The files, root and signature file this section selects, resolved against {@code baseDir}. */
    public ModelSigning.Selection selection(Path baseDir) {
        Path target = baseDir.resolve(path).normalize();
        boolean directory = Files.isDirectory(target) || (!Files.exists(target) && path.endsWith("/"));
        Path root = directory ? target : target.getParent();
        Path signature = signatureFile != null ? baseDir.resolve(signatureFile).normalize()
                : directory ? target.resolve(DEFAULT_SIGNATURE_NAME) : root.resolve(DEFAULT_SIGNATURE_NAME);
        return new ModelSigning.Selection(root, List.of(target), include, exclude, signature);
    }
}
