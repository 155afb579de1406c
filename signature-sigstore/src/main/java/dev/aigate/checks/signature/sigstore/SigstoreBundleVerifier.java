package dev.aigate.checks.signature.sigstore;

import dev.aigate.checks.signature.oms.OmsBundle;
import dev.aigate.checks.signature.oms.OmsVerifier;
import dev.aigate.checks.signature.oms.Statement;
import dev.aigate.core.InputException;
import dev.aigate.core.io.BoundedFiles;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.strings.StringMatcher;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Keyless (Sigstore) verification of an OMS bundle, offline, with sigstore-java: the Fulcio certificate chains to a
 * certificate authority of the user's trusted root and carries a valid embedded SCT from one of its CT logs; the
 * certificate's identity (subject alternative name) and OIDC issuer are the ones the policy names; the transparency
 * log entry is signed by one of the trusted root's logs (inclusion proof and checkpoint; the promise when present) and
 * matches the envelope; RFC 3161 timestamps, when present, verify. The DSSE signature is checked here too; the OMS
 * statement itself (resources, files) is then judged by {@link OmsVerifier}.
 */
public final class SigstoreBundleVerifier implements OmsVerifier.SigstoreVerifier {
    /** Far above any trusted root file. */
    private static final int MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

    @Override
    public String verify(OmsBundle bundle, byte[] bundleJson, OmsVerifier.SigstoreTrust trust, Path bundleFile) {
        Path trustedRoot = trust.trustedRoot().toAbsolutePath().normalize();
        BoundedFiles.read(trustedRoot, MAX_TRUSTED_ROOT_BYTES, "Sigstore trusted root");
        Statement.Header header = Statement.header(bundle.envelope().payload(), bundleFile);
        String subject = header.root().path("subject").path(0).path("digest").path("sha256").asText("");
        if (!subject.matches("[0-9a-fA-F]{64}")) {
            return "the statement has no sha256 subject digest, which the log entry and signature cover";
        }
        Bundle parsed;
        try {
            parsed = Bundle.from(new StringReader(new String(bundleJson, StandardCharsets.UTF_8)));
        } catch (BundleParseException | RuntimeException e) {
            throw new InputException(bundleFile, "not a Sigstore bundle sigstore-java can read: " + e.getMessage());
        }
        KeylessVerifier verifier;
        try {
            verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
        } catch (Exception e) {
            throw new InputException(trustedRoot, "not a usable Sigstore trusted root: " + e.getMessage());
        }
        VerificationOptions options = VerificationOptions.builder().addCertificateMatchers(
                VerificationOptions.CertificateMatcher.fulcio()
                        .subjectAlternativeName(StringMatcher.string(trust.identity()))
                        .issuer(StringMatcher.string(trust.issuer())).build()).build();
        try {
            verifier.verify(HexFormat.of().parseHex(subject.toLowerCase(java.util.Locale.ROOT)), parsed, options);
            return null;
        } catch (KeylessVerificationException e) {
            return e.getMessage().replace('\n', ' ');
        } catch (RuntimeException e) {
            return "the bundle cannot be verified: " + e;
        }
    }
}
