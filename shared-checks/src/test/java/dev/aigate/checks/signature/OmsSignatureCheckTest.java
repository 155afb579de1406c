package dev.aigate.checks.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Gate;
import dev.aigate.core.GateException;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.PolicyException;
import dev.aigate.core.Verdict;
import dev.aigate.core.keys.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signature check and the sign and keygen actions with OMS bundles, the default format. */
class OmsSignatureCheckTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");

    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void setUp() throws IOException {
        model = Files.createDirectories(dir.resolve("model"));
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), model.resolve("digits-mlp.onnx"));
        Files.createDirectories(model.resolve("extra"));
        Files.copy(DIGITS.resolve("digits-mlp.safetensors"), model.resolve("extra/digits-mlp.safetensors"));
        run("keygen", null, Map.of("out", List.of(dir.resolve("keys/release").toString())));
        policy("");
    }

    private void policy(String extra) throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nsignature:\n  path: model\n"
                + "  publicKeys: [keys/release.pub]\n  keyFile: keys/release.key\n" + extra);
    }

    private String run(String action, Path policy, Map<String, List<String>> options) {
        return dev.aigate.core.ActionRunner.withInstalledChecks(null).run("signature", action, policy != null
                ? policy : dir.resolve("no-policy.yml"), options)
                .result().messages().get(0).text();
    }

    private String sign() {
        return run("sign", dir.resolve("aigate.yml"), Map.of());
    }

    private CheckResult check() {
        GateResult result = new Gate(dev.aigate.core.spi.CheckRegistry.load(), java.time.Clock.systemUTC(), null)
                .run(GateRequest.of(dir.resolve("aigate.yml")));
        return result.checks().stream().filter(c -> c.checkId().equals("signature")).findFirst().orElseThrow();
    }

    private List<String> rules() {
        return check().findings().stream().map(f -> f.ruleId() + " " + f.subject()).toList();
    }

    @Test
    void keygenSaysTheCurve() {
        String said = run("keygen", null, Map.of("out", List.of(dir.resolve("keys/p384").toString()),
                "curve", List.of("P-384")));
        assertTrue(said.contains("ECDSA P-384"), said);
        assertThrows(PolicyException.class, () -> run("keygen", null, Map.of("out", List.of(dir.resolve("keys/x")
                .toString()), "curve", List.of("secp256k1"))));
    }

    @Test
    void signsAnOmsBundleByDefaultAndTheCheckPasses() throws IOException {
        String said = sign();
        assertTrue(said.contains("OMS, files method, key P-256"), said);
        String bundle = Files.readString(model.resolve("model.sig"));
        assertTrue(bundle.contains("\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\""), bundle);
        CheckResult result = check();
        assertEquals(List.of(), result.findings(), result.findings()::toString);
        assertEquals(true, result.metrics().get("signatureValid"));
        assertEquals("oms", result.metrics().get("format"));
        assertTrue(result.inputs().stream().anyMatch(i -> i.path().equals("model/extra/digits-mlp.safetensors")
                && i.sha256() != null));
    }

    @Test
    void eachChangeIsAFindingNamingTheFile() throws IOException {
        sign();
        Files.write(model.resolve("digits-mlp.onnx"), new byte[] {1, 2, 3});
        Files.delete(model.resolve("extra/digits-mlp.safetensors"));
        Files.writeString(model.resolve("notes.txt"), "added");
        assertEquals(List.of("signature/file-added model/notes.txt", "signature/file-modified model/digits-mlp.onnx",
                "signature/file-removed model/extra/digits-mlp.safetensors"), rules().stream().sorted().toList());
    }

    @Test
    void shardsAndIgnorePathsFromThePolicy() throws IOException {
        Files.createDirectories(model.resolve("cache"));
        Files.writeString(model.resolve("cache/scratch.bin"), "scratch");
        policy("  shardSize: 4096\n  ignorePaths: [cache]\n");
        assertTrue(sign().contains("shards method"));
        Files.writeString(model.resolve("cache/scratch.bin"), "changed scratch");
        assertEquals(List.of(), rules());
        assertEquals("shards", check().metrics().get("serialization"));
    }

    @Test
    void anotherKeysBundleIsAnUnknownKey() throws IOException {
        sign();
        run("keygen", null, Map.of("out", List.of(dir.resolve("keys/other").toString())));
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nsignature:\n  path: model\n"
                + "  publicKeys: [keys/other.pub]\n");
        assertEquals(List.of("signature/unknown-key model/model.sig"), rules());
    }

    @Test
    void certificateMethodFromThePolicy() throws Exception {
        var root = dev.aigate.checks.signature.oms.TestPki.root("CN=Release CA");
        var leaf = dev.aigate.checks.signature.oms.TestPki.leaf("CN=release", root);
        dev.aigate.checks.signature.oms.EcKeys.write(leaf.keys(), dir.resolve("keys/leaf.key"),
                dir.resolve("keys/leaf.pub"), false);
        dev.aigate.checks.signature.oms.TestPki.writePem(dir.resolve("keys/leaf.pem"), List.of(leaf.certificate()));
        dev.aigate.checks.signature.oms.TestPki.writePem(dir.resolve("keys/root.pem"), List.of(root.certificate()));
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nsignature:\n  path: model\n  method: certificate\n"
                + "  caRoots: [keys/root.pem]\n  certificate: keys/leaf.pem\n  keyFile: keys/leaf.key\n");
        assertTrue(sign().contains("certificate P-256"));
        assertEquals(List.of(), rules());
        var other = dev.aigate.checks.signature.oms.TestPki.root("CN=Other CA");
        dev.aigate.checks.signature.oms.TestPki.writePem(dir.resolve("keys/root.pem"), List.of(other.certificate()));
        assertEquals(List.of("signature/certificate model/model.sig"), rules());
    }

    @Test
    void legacyEnvelopesAreStillReadAndFlagged() throws IOException {
        var pair = Ed25519Keys.generate();
        Ed25519Keys.write(pair, dir.resolve("keys/legacy.key"), dir.resolve("keys/legacy.pub"), false);
        run("sign", null, Map.of("paths", List.of(model.toString()), "format", List.of("legacy"),
                "keyFile", List.of(dir.resolve("keys/legacy.key").toString())));
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nsignature:\n  path: model\n"
                + "  publicKeys: [keys/legacy.pub]\n");
        assertEquals(List.of("signature/legacy-format model/aigate-signature.dsse.json"), rules());
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nsignature:\n  path: model\n  format: legacy\n"
                + "  publicKeys: [keys/legacy.pub]\n");
        assertEquals(List.of(), rules(), "chosen explicitly, the legacy format is not flagged");
    }

    @Test
    void anEd25519KeyCannotSignOms() throws IOException {
        var pair = Ed25519Keys.generate();
        Ed25519Keys.write(pair, dir.resolve("keys/legacy.key"), dir.resolve("keys/legacy.pub"), false);
        GateException error = assertThrows(GateException.class, () -> run("sign", dir.resolve("aigate.yml"),
                Map.of("keyFile", List.of("keys/legacy.key"))));
        assertTrue(error.getMessage().contains("--format legacy"), error.getMessage());
        assertTrue(error.getMessage().contains("legacy.key"), error.getMessage());
    }

    @Test
    void policyRulesOfTheFormat() throws IOException {
        for (String bad : List.of("  include: ['**/*.onnx']\n", "  method: sigstore\n", "  format: cms\n",
                "  shardSize: 0\n", "  ignorePaths: ['../x']\n", "  method: certificate\n")) {
            policy(bad);
            GateResult result = new Gate(dev.aigate.core.spi.CheckRegistry.load(), java.time.Clock.systemUTC(), null)
                    .run(GateRequest.of(dir.resolve("aigate.yml")));
            assertEquals(Verdict.ERROR, result.verdict(), bad);
        }
    }

    @Test
    void missingBundleIsNamed() {
        assertEquals(List.of("signature/missing model/model.sig"), rules());
        assertEquals(Verdict.FAIL, new Gate(dev.aigate.core.spi.CheckRegistry.load(), java.time.Clock.systemUTC(),
                null).run(GateRequest.of(dir.resolve("aigate.yml"))).verdict());
    }

    /** The policy snippet of docs/signing.md binds as written. */
    @Test
    void theDocumentedPolicyLoads() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "signing.md"));
        String section = doc.substring(doc.indexOf("## Policy"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```", section.indexOf(
                "```yaml\n") + 8));
        Files.writeString(dir.resolve("documented.yml"), "version: 1\n" + yaml);
        var policy = new dev.aigate.core.policy.PolicyLoader(dev.aigate.core.spi.CheckRegistry.load())
                .load(dir.resolve("documented.yml"));
        SignatureConfig config = policy.configFor(new SignatureCheck());
        assertEquals("key", config.method());
        assertEquals(1_000_000_000L, config.shardSize());
        assertEquals(List.of("cache"), config.ignorePaths());
    }
}
