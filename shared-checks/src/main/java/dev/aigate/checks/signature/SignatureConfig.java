package dev.aigate.checks.signature;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.checks.signature.oms.OmsFormat;
import dev.aigate.core.io.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code signature} section of the policy.
 *
 * @param path the model directory (every file in it is signed) or a single model file, relative to the policy
 * @param include globs of files to sign ({@code legacy} format only; OMS signs the whole folder minus
 *     {@code ignorePaths})
 * @param exclude globs of files not to sign ({@code legacy} format only)
 * @param signatureFile the signature: default {@value OmsFormat#DEFAULT_BUNDLE_NAME} in the model directory (or
 *     {@code <file>.sig} next to a single file); {@value #DEFAULT_SIGNATURE_NAME} for the legacy format
 * @param format {@code oms} (default: an OpenSSF Model Signing bundle) or {@code legacy} (the Ed25519 DSSE envelope of
 *     aigate 0.1, read and written for one more release)
 * @param method how the signer is trusted: {@code key} (default), {@code certificate} or {@code sigstore}
 * @param publicKeys the trusted public keys (PEM files), for the {@code key} method and the legacy format
 * @param caRoots the trusted CA root certificates (PEM files), for the {@code certificate} method
 * @param acceptExpiredCertificates validate a certificate chain when the signing certificate was issued rather than
 *     now (model_signing's rule; default false: the spec's)
 * @param certificate the signing certificate (PEM) that {@code sign} puts in the bundle, for the certificate method
 * @param certificateChain the certificates above it (PEM files), put in the bundle too
 * @param trustedRoot the Sigstore trusted root file ({@code trusted_root.json}), for the {@code sigstore} method
 * @param identity the signer identity a Sigstore certificate must carry (its subject alternative name)
 * @param issuer the OIDC issuer a Sigstore certificate must carry
 * @param shardSize sign with the {@code shards} method and this shard size in bytes (default: the {@code files}
 *     method); verification always follows the bundle
 * @param allowSymlinks sign symbolic links (inside the model folder only) as the files they point to
 * @param ignorePaths paths relative to the model folder that are not part of the model
 * @param ignoreUnsignedFiles files in the model folder that the signature does not list are not reported
 * @param keyFile the private key file used by {@code sign} (never the key itself)
 * @param keyEnv an environment variable holding the private key PEM (or naming its file), for {@code sign}
 * @param required whether a missing signature fails the gate (default true)
 */
public record SignatureConfig(
        Boolean enabled,
        @JsonProperty(required = true) String path,
        List<String> include,
        List<String> exclude,
        String signatureFile,
        String format,
        String method,
        List<String> publicKeys,
        List<String> caRoots,
        Boolean acceptExpiredCertificates,
        String certificate,
        List<String> certificateChain,
        String trustedRoot,
        String identity,
        String issuer,
        Long shardSize,
        Boolean allowSymlinks,
        List<String> ignorePaths,
        Boolean ignoreUnsignedFiles,
        String keyFile,
        String keyEnv,
        Boolean required) {

    public static final String DEFAULT_SIGNATURE_NAME = "aigate-signature.dsse.json";
    public static final String OMS = "oms";
    public static final String LEGACY = "legacy";

    public SignatureConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        required = required == null ? Boolean.TRUE : required;
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("'path' must name the model directory or file to sign");
        }
        format = format == null ? OMS : format;
        if (!format.equals(OMS) && !format.equals(LEGACY)) {
            throw new IllegalArgumentException("'format' must be 'oms' or 'legacy', not '" + format + "'");
        }
        method = method == null ? "key" : method;
        if (!List.of("key", "certificate", "sigstore").contains(method)) {
            throw new IllegalArgumentException("'method' must be key, certificate or sigstore, not '" + method + "'");
        }
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
        caRoots = caRoots == null ? List.of() : List.copyOf(caRoots);
        certificateChain = certificateChain == null ? List.of() : List.copyOf(certificateChain);
        ignorePaths = ignorePaths == null ? List.of() : List.copyOf(ignorePaths);
        acceptExpiredCertificates = Boolean.TRUE.equals(acceptExpiredCertificates);
        allowSymlinks = Boolean.TRUE.equals(allowSymlinks);
        ignoreUnsignedFiles = Boolean.TRUE.equals(ignoreUnsignedFiles);
        if (format.equals(LEGACY)) {
            if (!method.equals("key")) {
                throw new IllegalArgumentException("the legacy format signs with Ed25519 keys only: remove 'method'"
                        + " or use the oms format");
            }
        } else if (!include.isEmpty() || !exclude.isEmpty()) {
            throw new IllegalArgumentException("'include' and 'exclude' belong to the legacy format; an OMS bundle"
                    + " signs the whole model folder: leave files out with 'ignorePaths'");
        }
        switch (method) {
            case "key" -> {
                if (publicKeys.isEmpty()) {
                    throw new IllegalArgumentException("'publicKeys' must list at least one trusted public key file");
                }
            }
            case "certificate" -> {
                if (caRoots.isEmpty()) {
                    throw new IllegalArgumentException("the certificate method needs 'caRoots': the CA root"
                            + " certificates (PEM files) that signing certificates must chain to");
                }
            }
            default -> {
                if (trustedRoot == null || identity == null || issuer == null) {
                    throw new IllegalArgumentException("the sigstore method needs 'trustedRoot' (a trusted_root.json"
                            + " file), 'identity' and 'issuer'");
                }
            }
        }
        if (shardSize != null && shardSize <= 0) {
            throw new IllegalArgumentException("'shardSize' must be a positive number of bytes");
        }
        for (String ignore : ignorePaths) {
            SafePaths.problemWith(ignore).ifPresent(problem -> {
                throw new IllegalArgumentException("ignore path '" + ignore + "': " + problem);
            });
        }
        if (keyFile != null && keyEnv != null) {
            throw new IllegalArgumentException("set at most one private key source: 'keyFile' or 'keyEnv'");
        }
        if (keyEnv != null && !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException("'keyEnv' must name an environment variable, not hold the key");
        }
    }

    public boolean legacy() {
        return format.equals(LEGACY);
    }

    /** Where the private key for signing comes from, when the section names one. */
    public java.util.Optional<dev.aigate.core.keys.KeySource> keySource() {
        return dev.aigate.core.keys.KeySource.of(keyFile, keyEnv, "the 'signature' section");
    }

    /** The model (folder or file) this section signs, resolved against {@code baseDir}. */
    public Path model(Path baseDir) {
        return baseDir.resolve(path).normalize();
    }

    /** The OMS bundle: {@code signatureFile}, else model.sig in the model folder, or {@code <file>.sig} beside it. */
    public Path bundle(Path baseDir) {
        if (signatureFile != null) {
            return baseDir.resolve(signatureFile).normalize();
        }
        return defaultBundle(model(baseDir), path.endsWith("/"));
    }

    static Path defaultBundle(Path model, boolean directory) {
        return Files.isDirectory(model) || directory ? model.resolve(OmsFormat.DEFAULT_BUNDLE_NAME)
                : model.resolveSibling(model.getFileName() + ".sig");
    }

    /** The files, root and signature file this section selects for the legacy format. */
    public ModelSigning.Selection selection(Path baseDir) {
        Path target = baseDir.resolve(path).normalize();
        boolean directory = Files.isDirectory(target) || (!Files.exists(target) && path.endsWith("/"));
        Path root = directory ? target : target.getParent();
        Path signature = signatureFile != null ? baseDir.resolve(signatureFile).normalize()
                : directory ? target.resolve(DEFAULT_SIGNATURE_NAME) : root.resolve(DEFAULT_SIGNATURE_NAME);
        return new ModelSigning.Selection(root, List.of(target), include, exclude, signature);
    }
}
