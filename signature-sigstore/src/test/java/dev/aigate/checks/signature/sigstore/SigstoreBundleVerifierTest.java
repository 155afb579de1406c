package dev.aigate.checks.signature.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.checks.signature.oms.ModelFiles;
import dev.aigate.checks.signature.oms.ModelHasher;
import dev.aigate.checks.signature.oms.OmsProblem;
import dev.aigate.checks.signature.oms.OmsVerifier;
import dev.aigate.checks.signature.oms.Serialization;
import dev.aigate.checks.signature.oms.Statement;
import dev.aigate.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keyless bundles of a private Sigstore instance verify offline against its trusted root and identity. */
class SigstoreBundleVerifierTest {
    static final String ISSUER = "https://oidc.aigate.test";
    static final String EMAIL = "release@example.org";

    @TempDir
    Path dir;
    Path model;
    Path bundle;
    Path trustedRoot;
    PrivateSigstore sigstore;

    @BeforeEach
    void setUp() throws Exception {
        model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}\n");
        Files.write(model.resolve("weights.bin"), new byte[70_000]);
        sigstore = new PrivateSigstore();
        trustedRoot = sigstore.writeTrustedRoot(dir.resolve("trusted_root.json"));
        KeyPair ephemeral = EcKeys.generate(EcKeys.Curve.P256);
        X509Certificate certificate = sigstore.issue(ephemeral, EMAIL, ISSUER);
        ModelFiles.Listing listing = ModelFiles.list(model, false, List.of());
        Serialization serialization = Serialization.files(false, List.of(".git", ".gitattributes", ".github",
                ".gitignore"));
        Statement statement = Statement.of("model", serialization, new ModelHasher(1, null, "test")
                .hash(listing.files(), serialization));
        bundle = dir.resolve("model.sig");
        Files.write(bundle, sigstore.bundle(ephemeral, certificate, statement.toJson()));
    }

    private OmsVerifier.Result verify(Path root, String issuer, String identity) {
        return OmsVerifier.verify(model, bundle, OmsVerifier.Trust.sigstore(new OmsVerifier.SigstoreTrust(root,
                issuer, identity)), OmsVerifier.Options.defaults());
    }

    @Test
    void verifiesOfflineAgainstTheTrustedRootAndIdentity() {
        OmsVerifier.Result result = verify(trustedRoot, ISSUER, EMAIL);
        assertTrue(result.valid(), result.problems()::toString);
        assertEquals("sigstore", result.method());
    }

    @Test
    void anotherIdentityOrIssuerFails() {
        OmsProblem identity = verify(trustedRoot, ISSUER, "mallory@example.org").problems().get(0);
        assertEquals(OmsProblem.Kind.SIGSTORE, identity.kind());
        assertTrue(identity.message().contains("certificate identities"), identity.message());
        assertEquals(OmsProblem.Kind.SIGSTORE, verify(trustedRoot, "https://accounts.example.com", EMAIL).problems()
                .get(0).kind());
    }

    @Test
    void anotherInstancesTrustedRootFails() throws Exception {
        Path other = new PrivateSigstore().writeTrustedRoot(dir.resolve("other_root.json"));
        OmsProblem problem = verify(other, ISSUER, EMAIL).problems().get(0);
        assertEquals(OmsProblem.Kind.SIGSTORE, problem.kind());
        assertTrue(problem.message().contains("Fulcio certificate was not valid"), problem.message());
    }

    @Test
    void aTamperedModelFailsNamingTheFile() throws Exception {
        Files.writeString(model.resolve("config.json"), "{\"changed\": true}\n");
        OmsVerifier.Result result = verify(trustedRoot, ISSUER, EMAIL);
        assertEquals(List.of(OmsProblem.Kind.FILE_MODIFIED), result.problems().stream().map(OmsProblem::kind)
                .toList());
        assertEquals("config.json", result.problems().get(0).subject());
    }

    @Test
    void aTamperedLogEntryFails() throws Exception {
        // A later integration time than the log signed: the signed entry timestamp no longer verifies.
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(bundle.toFile());
        var entry = (com.fasterxml.jackson.databind.node.ObjectNode) json.path("verificationMaterial")
                .path("tlogEntries").get(0);
        entry.put("integratedTime", String.valueOf(Long.parseLong(entry.get("integratedTime").asText()) + 60));
        Files.write(bundle, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(json));
        assertEquals(OmsProblem.Kind.SIGSTORE, verify(trustedRoot, ISSUER, EMAIL).problems().get(0).kind());
    }

    @Test
    void aBrokenTrustedRootIsAnInputError() throws Exception {
        Files.writeString(trustedRoot, "{\"mediaType\": 1}");
        assertThrows(InputException.class, () -> verify(trustedRoot, ISSUER, EMAIL));
    }
}
