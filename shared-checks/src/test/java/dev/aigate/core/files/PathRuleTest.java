package dev.aigate.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.datasets.DatasetsConfig;
import dev.aigate.checks.datasets.Locks;
import dev.aigate.checks.watermark.WatermarkCheck;
import dev.aigate.checks.watermark.WatermarkGateTest;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one path rule (issue 11): every path the policy names stays inside the project directory, where it is written and
 * where it really is after following symbolic links, unless the policy widens the project with {@code roots:}.
 */
class PathRuleTest {
    @TempDir
    Path dir;
    Path project;
    Path outside;

    @BeforeEach
    void createProjectAndOutside() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(outside.resolve("ds"));
        Files.writeString(outside.resolve("ds/a.csv"), "id\n1\n");
        Files.createDirectories(project.resolve("data/train"));
        Files.writeString(project.resolve("data/train/a.csv"), "id\n1\n");
    }

    private Path policy(String datasetPath, String extra) throws IOException {
        return Files.writeString(project.resolve("aigate.yml"), "version: 1\n" + extra + "datasets:\n"
                + "  sets:\n    - name: train\n      path: " + datasetPath + "\n");
    }

    private CheckResult gate(Path policy) {
        GateResult result = new Gate(CheckRegistry.load(), Clock.systemUTC(), null).run(GateRequest.of(policy));
        assertEquals(1, result.checks().size(), () -> "gate error: " + result.error());
        return result.checks().get(0);
    }

    private static void assertOutside(CheckResult check, String named) {
        assertEquals(CheckStatus.ERROR, check.status(), () -> "status " + check.status() + " " + check.findings());
        assertTrue(check.error().contains(named), check.error());
        assertTrue(check.error().contains("outside the project directory"), check.error());
    }

    @Test
    void aDatasetPathThatLeavesTheProjectIsAnError() throws IOException {
        Path policy = policy("../outside/ds", "");
        InputException locking = assertThrows(InputException.class, () -> Locks.lock(policy, 1, null));
        assertTrue(locking.getMessage().contains("dataset 'train' path"), locking.getMessage());
        assertTrue(locking.getMessage().contains("outside"), locking.getMessage());
        Locks.lock(policy("data/train", ""), 1, null);
        assertOutside(gate(policy("../outside/ds", "")), "ds");
    }

    @Test
    void anAbsoluteDatasetPathIsAnError() throws IOException {
        Path policy = policy(outside.resolve("ds").toString(), "");
        InputException e = assertThrows(InputException.class, () -> Locks.lock(policy, 1, null));
        assertTrue(e.getMessage().contains("outside the project directory"), e.getMessage());
    }

    @Test
    void aDatasetParentFolderThatIsASymbolicLinkOutIsAnError() throws IOException {
        Files.createSymbolicLink(project.resolve("shared"), outside);
        Path policy = policy("shared/ds", "");
        InputException e = assertThrows(InputException.class, () -> Locks.lock(policy, 1, null));
        assertTrue(e.getMessage().contains("through a symbolic link"), e.getMessage());
    }

    @Test
    void aLockFileOutsideTheProjectIsAnErrorWhateverTheSpelling() throws IOException {
        Path policy = policy("data/train", "");
        Locks.lock(policy, 1, null);
        Files.copy(project.resolve(DatasetsConfig.DEFAULT_LOCK_FILE), outside.resolve("lock.json"));
        Files.createSymbolicLink(project.resolve("link.json"), outside.resolve("lock.json"));
        for (String lockFile : List.of(outside.resolve("lock.json").toString(), "../outside/lock.json",
                "link.json")) {
            Path withLock = Files.writeString(project.resolve("aigate.yml"), "version: 1\ndatasets:\n"
                    + "  lockFile: " + lockFile + "\n  sets:\n    - name: train\n      path: data/train\n");
            CheckResult check = gate(withLock);
            assertEquals(CheckStatus.ERROR, check.status(), lockFile);
            assertTrue(check.error().contains("lockFile"), check.error());
        }
    }

    @Test
    void rootsWidenTheProjectExplicitly() throws IOException {
        Path policy = policy("../outside/ds", "roots: [../outside]\n");
        Locks.lock(policy, 1, null);
        assertEquals(CheckStatus.PASSED, gate(policy).status());
        // Widening one folder does not widen its neighbours.
        Files.createDirectories(dir.resolve("other/ds"));
        Files.writeString(dir.resolve("other/ds/b.csv"), "x\n");
        Path other = policy("../other/ds", "roots: [../outside]\n");
        assertThrows(InputException.class, () -> Locks.lock(other, 1, null));
    }

    @Test
    void aRootIsAListOfFoldersAndNeverTheFileSystemRoot() throws IOException {
        PolicyException whole = assertThrows(PolicyException.class,
                () -> Locks.lock(policy("data/train", "roots: [/]\n"), 1, null));
        assertTrue(whole.getMessage().contains("aigate.yml:2"), whole.getMessage());
        assertThrows(PolicyException.class, () -> Locks.lock(policy("data/train", "roots: [/]\n"), 1, null));
        assertThrows(PolicyException.class, () -> Locks.lock(policy("data/train", "roots: data\n"), 1, null));
    }

    @Test
    void aWatermarkModelOutsideTheProjectIsAnError() throws IOException {
        Files.createDirectories(outside.resolve("m"));
        Files.copy(WatermarkGateTest.DIGITS.resolve("digits-mlp.onnx"), outside.resolve("m/model.onnx"));
        Files.writeString(project.resolve("wm.key"), WatermarkGateTest.KEY_HEX + "\n");
        Path policy = Files.writeString(project.resolve("aigate.yml"), "version: 1\nwatermark:\n  keyFile: wm.key\n"
                + "  payload: \"00c0ffee5eed0001\"\n  models:\n    - path: ../outside/m/model.onnx\n");
        CheckResult check = new Gate(CheckRegistry.of(List.of(new WatermarkCheck(Map.of()))), Clock.systemUTC(),
                null).run(GateRequest.of(policy)).checks().get(0);
        assertOutside(check, "model.onnx");
        Files.writeString(policy, Files.readString(policy).replace("keyFile: wm.key", "keyFile: ../outside/wm.key"));
        Files.copy(project.resolve("wm.key"), outside.resolve("wm.key"));
        check = new Gate(CheckRegistry.of(List.of(new WatermarkCheck(Map.of()))), Clock.systemUTC(), null)
                .run(GateRequest.of(policy)).checks().get(0);
        assertOutside(check, "wm.key");
    }

    @Test
    void aPathNotYetThereIsCheckedAsFarAsItExists() throws IOException {
        ProjectRoot root = ProjectRoot.of(project);
        assertEquals(project.resolve("new/lock.json"), root.resolve("new/lock.json", "lockFile"));
        Files.createSymbolicLink(project.resolve("out"), outside);
        assertThrows(InputException.class, () -> root.resolve("out/new/lock.json", "lockFile"));
        assertThrows(InputException.class, () -> root.resolve("..", "lockFile"));
        assertThrows(InputException.class, () -> root.resolve(" ", "lockFile"));
    }

    @Test
    void aSignedModelOutsideTheProjectIsAnError() throws IOException {
        Files.writeString(outside.resolve("model.bin"), "weights");
        Path policy = Files.writeString(project.resolve("aigate.yml"), "version: 1\nsignature:\n"
                + "  path: ../outside/model.bin\n  publicKeys: [keys/release.pub]\n");
        assertOutside(gate(policy), "model.bin");
    }
}
