package dev.aigate.checks.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check through the gate (policy binding, strict, allow, waivers, severities) and the scan action. */
class ModelsCheckTest {
    @TempDir
    Path project;

    private void copy(String fixture, String as) throws IOException {
        Path target = project.resolve(as);
        Files.createDirectories(target.getParent());
        Files.copy(Corpus.root().resolve(fixture), target);
    }

    private GateResult gate(String policy) throws IOException {
        Files.writeString(project.resolve("aigate.yml"), "version: 1\n" + policy);
        return new Gate(CheckRegistry.load(), Clock.systemUTC(), null).run(GateRequest.of(project.resolve("aigate.yml")));
    }

    private CheckResult models(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals("models")).findFirst().orElseThrow();
    }

    @Test
    void theCheckIsFoundThroughTheServiceLoaderWithItsScanAction() {
        CheckRegistry registry = CheckRegistry.load();
        assertTrue(registry.find("models").isPresent());
        assertTrue(registry.action("models", "scan").isPresent());
        assertTrue(registry.action("models", "scan").orElseThrow().judges());
    }

    @Test
    void aMaliciousCheckpointFailsNamingFileMemberOffsetAndCall() throws IOException {
        copy("benign/torch-state-dict.pt", "model/good.pt");
        copy("malicious/torch-zip-renamed-prefix.bin", "model/pytorch_model.bin");
        GateResult result = gate("models:\n  paths: [model]\n");
        assertEquals(Verdict.FAIL, result.verdict());
        Finding finding = models(result).violations().get(0);
        assertEquals("models/code-execution", finding.ruleId());
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals("model/pytorch_model.bin", finding.subject());
        assertTrue(finding.message().contains("model/pytorch_model.bin!pytorch_model/data.pkl at byte "),
                finding.message());
        assertTrue(finding.message().contains("REDUCE calls posix.system, imported by GLOBAL at byte 2"),
                finding.message());
        assertTrue(finding.actual().contains("member pytorch_model/data.pkl"), finding.actual());
        assertTrue(finding.remediation().contains("weights_only=True"));
        assertEquals(2, models(result).inputs().size());
        assertEquals("complete", models(result).metrics().get("status"));
    }

    @Test
    void aUsersOwnClassWarnsAndStrictFailsAndAllowPasses() throws IOException {
        copy("suspicious/user-class.pkl", "model/settings.pkl");
        GateResult lenient = gate("models:\n  paths: [model]\n");
        assertEquals(Verdict.WARN, lenient.verdict());
        assertEquals("models/unknown-global", models(lenient).violations().get(0).ruleId());
        assertTrue(models(lenient).violations().get(0).message().contains("mylab.models.Settings"));

        GateResult strict = gate("models:\n  paths: [model]\n  strict: true\n");
        assertEquals(Verdict.FAIL, strict.verdict());
        assertEquals(Severity.CRITICAL, models(strict).violations().get(0).severity());

        GateResult allowed = gate("models:\n  paths: [model]\n  strict: true\n  allow: [mylab.models.Settings]\n");
        assertEquals(Verdict.PASS, allowed.verdict());
        assertEquals(List.of(), models(allowed).findings());

        GateResult wildcard = gate("models:\n  paths: [model]\n  strict: true\n  allow: [mylab.*]\n");
        assertEquals(Verdict.PASS, wildcard.verdict());
    }

    @Test
    void aDenylistedGlobalCannotBeAllowedOnlyWaived() throws IOException {
        copy("malicious/os-system-p0.pkl", "model/x.pkl");
        GateResult result = gate("models:\n  paths: [model]\n  allow: [os.system]\n");
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.errors().get(0).contains("aigate.yml:"), result.errors().toString());
        assertTrue(result.errors().get(0).contains("denylist"), result.errors().toString());

        GateResult waived = gate("models:\n  paths: [model]\nwaivers:\n  - rule: models/code-execution\n"
                + "    subject: model/x.pkl\n    reason: \"quarantined sample for the scanner's own tests\"\n"
                + "    approvedBy: sec@example.org\n    expires: 2099-12-31\n");
        assertEquals(Verdict.PASS, waived.verdict());
    }

    @Test
    void severitiesAreOverridableLikeEveryRule() throws IOException {
        copy("suspicious/onnx-custom-domain.onnx", "model/m.onnx");
        GateResult result = gate("severity:\n  models/onnx-custom-domain: high\nmodels:\n  paths: [model]\n");
        assertEquals(Verdict.FAIL, result.verdict());
    }

    @Test
    void malformedFilesAreAnErrorNamingEveryFile() throws IOException {
        copy("malformed/truncated-malicious.pkl", "model/a.pkl");
        copy("malformed/zip-size-mismatch.pt", "model/b.pt");
        copy("benign/array.npy", "model/c.npy");
        GateResult result = gate("models:\n  paths: [model]\n");
        assertEquals(Verdict.ERROR, result.verdict());
        String error = models(result).error();
        assertTrue(error.contains("scan status error: 2 of 3"), error);
        assertTrue(error.contains("model/a.pkl: truncated"), error);
        assertTrue(error.contains("model/b.pt: member 'archive/data.pkl'"), error);
    }

    @Test
    void globsAndExcludesSelectFilesAndPathsMustStayInside() throws IOException {
        copy("malicious/os-system-p0.pkl", "model/raw/evil.pkl");
        copy("benign/weights.safetensors", "model/weights.safetensors");
        GateResult result = gate("models:\n  paths: [\"model/**/*.safetensors\"]\n");
        assertEquals(Verdict.PASS, result.verdict());
        GateResult excluded = gate("models:\n  paths: [model]\n  exclude: [\"model/raw/**\"]\n");
        assertEquals(Verdict.PASS, excluded.verdict());
        GateResult outside = gate("models:\n  paths: [../elsewhere]\n");
        assertEquals(Verdict.ERROR, outside.verdict());
        assertTrue(outside.errors().get(0).contains("'..' leaves the directory"), outside.errors().toString());
        GateResult missing = gate("models:\n  paths: [nothing-here]\n");
        assertEquals(Verdict.ERROR, missing.verdict());
        assertTrue(missing.errors().toString().contains("does not exist"), missing.errors().toString());
    }

    @Test
    void aSymbolicLinkOutOfTheProjectIsAnError() throws IOException {
        copy("benign/array.npy", "model/c.npy");
        Path outside = Files.createTempFile("aigate-outside", ".pt");
        Files.createSymbolicLink(project.resolve("model/link.pt"), outside);
        GateResult result = gate("models:\n  paths: [model]\n");
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.errors().toString().contains("outside the project"), result.errors().toString());
        Files.delete(outside);
    }

    @Test
    void unknownPolicyKeysAreErrors() throws IOException {
        copy("benign/array.npy", "model/c.npy");
        GateResult result = gate("models:\n  paths: [model]\n  strictt: true\n");
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(result.errors().get(0).contains("strictt"), result.errors().toString());
    }

    @Test
    void theScanActionRunsWithoutAPolicyAndUsesOneWhenPresent() throws IOException {
        copy("suspicious/user-class.pkl", "model/settings.pkl");
        Gate gate = new Gate(CheckRegistry.load(), Clock.systemUTC(), null);
        ActionRunner runner = new ActionRunner(gate, Map.of());
        ActionRunner.Outcome noPolicy = runner.run(new ActionRunner.Request("models", "scan",
                GateRequest.of(project.resolve("aigate.yml")),
                Map.of("paths", List.of("model"))));
        assertNull(noPolicy.result());
        assertEquals(Verdict.WARN, noPolicy.judged().verdict());

        ActionRunner.Outcome strictFlag = runner.run(new ActionRunner.Request("models", "scan",
                GateRequest.of(project.resolve("aigate.yml")),
                Map.of("paths", List.of("model/settings.pkl"), "strict", List.of("true"))));
        assertEquals(Verdict.FAIL, strictFlag.judged().verdict());

        Files.writeString(project.resolve("aigate.yml"), "version: 1\nmodels:\n  paths: [elsewhere]\n"
                + "  allow: [mylab.models.Settings]\n  strict: true\n");
        ActionRunner.Outcome withPolicy = runner.run(new ActionRunner.Request("models", "scan",
                GateRequest.of(project.resolve("aigate.yml")),
                Map.of("paths", List.of("model"))));
        assertEquals(Verdict.PASS, withPolicy.judged().verdict());
    }
}
