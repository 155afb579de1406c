package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, through the command line: a FIFO, a directory or a name that cannot be recorded where the gate expects a
 * file is an ERROR (exit 2) at once, naming the file, for every kind of input; nothing hangs, nothing is skipped, and
 * no control character from a file name reaches the terminal raw. The timeouts only keep a regression from hanging
 * the build; no result depends on timing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailClosedInputsTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path policy;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void project() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/a.csv"), "x,label\n1,0\n");
        policy = Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n"
                + "    - name: data\n      path: data\n");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return AigateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String output() {
        return out + "\n" + err;
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "no FIFOs on Windows");
        Path fifo = dir.resolve(name);
        Files.createDirectories(fifo.getParent());
        Files.deleteIfExists(fifo);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo failed");
        return fifo;
    }

    private void assertErrorNaming(int code, String name) {
        assertEquals(2, code, output());
        assertTrue(output().contains(name), output());
        assertTrue(output().contains("FIFO") || output().contains("directory"), output());
    }

    @Test
    void aFifoPolicyIsAnError() throws Exception {
        Path fifo = fifo("fifo.yml");
        assertErrorNaming(run("gate", "--policy", fifo.toString(), "--report-dir", dir.resolve("r").toString()),
                "fifo.yml");
    }

    @Test
    void aFifoLockFileIsAnError() throws Exception {
        fifo("lock.fifo");
        Files.writeString(policy, Files.readString(policy).replace("datasets:\n", "datasets:\n  lockFile: lock.fifo\n"));
        assertErrorNaming(run("gate", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString()),
                "lock.fifo");
    }

    @Test
    void aFifoWatermarkKeyIsAnError() throws Exception {
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), dir.resolve("model.onnx"));
        Path key = fifo("wm.key");
        assertErrorNaming(run("watermark", "verify-file", "--model", dir.resolve("model.onnx").toString(),
                "--key-file", key.toString(), "--payload", "00c0ffee00000001"), "wm.key");
    }

    @Test
    void aFifoReportSigningKeyIsAnError() throws Exception {
        assertEquals(0, run("datasets", "lock", "--policy", policy.toString()), output());
        Path key = fifo("report.key");
        assertErrorNaming(run("gate", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString(),
                "--report-signing-key", key.toString()), "report.key");
    }

    @Test
    void aFifoPublicKeyOrReportSignatureForVerifyReportIsAnError() throws Exception {
        assertEquals(0, run("datasets", "lock", "--policy", policy.toString()), output());
        assertEquals(0, run("signature", "keygen", "-o", dir.resolve("keys/report").toString()), output());
        assertEquals(0, run("gate", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString(),
                "--report-signing-key", dir.resolve("keys/report.key").toString()), output());
        Path pub = fifo("keys/fifo.pub");
        assertErrorNaming(run("verify-report", "--report-dir", dir.resolve("r").toString(), "--public-key",
                pub.toString()), "fifo.pub");
        Files.delete(dir.resolve("r/aigate-report.sig"));
        fifo("r/aigate-report.sig");
        assertErrorNaming(run("verify-report", "--report-dir", dir.resolve("r").toString(), "--public-key",
                dir.resolve("keys/report.pub").toString()), "aigate-report.sig");
    }

    @Test
    void aFifoSigningKeyModelSignatureOrFileInASignedFolderIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("release"));
        Files.writeString(dir.resolve("release/model.bin"), "weights");
        Path key = fifo("keys/fifo.key");
        assertErrorNaming(run("signature", "sign", "--key-file", key.toString(), dir.resolve("release").toString()),
                "fifo.key");
        assertEquals(0, run("signature", "keygen", "-o", dir.resolve("keys/release").toString()), output());
        assertEquals(0, run("signature", "sign", "--key-file", dir.resolve("keys/release.key").toString(),
                dir.resolve("release").toString()), output());
        Files.delete(dir.resolve("release/model.sig"));
        fifo("release/model.sig");
        assertErrorNaming(run("signature", "verify-files", "--public-key", dir.resolve("keys/release.pub").toString(),
                dir.resolve("release").toString()), "model.sig");
        Files.delete(dir.resolve("release/model.sig"));
        assertEquals(0, run("signature", "sign", "--key-file", dir.resolve("keys/release.key").toString(),
                dir.resolve("release").toString()), output());
        fifo("release/pipe");
        // A FIFO that appears in a signed folder is an error when verifying, never skipped...
        assertErrorNaming(run("signature", "verify-files", "--public-key", dir.resolve("keys/release.pub").toString(),
                dir.resolve("release").toString()), "pipe");
        // ...and when signing.
        assertErrorNaming(run("signature", "sign", "--key-file", dir.resolve("keys/release.key").toString(),
                dir.resolve("release").toString()), "pipe");
    }

    @Test
    void negativeThreadsAreAUsageError() {
        assertEquals(2, run("gate", "--policy", policy.toString(), "--threads", "-1", "--report-dir",
                dir.resolve("r").toString()));
        assertTrue(output().contains("threads"), output());
    }

    @Test
    void controlCharactersInFileNamesNeverReachTheTerminalRaw() throws IOException {
        Files.writeString(dir.resolve("data/a\u001b]0;owned\u0007\u001b[31m.csv"), "x\n");
        assertEquals(2, run("datasets", "lock", "--policy", policy.toString()));
        assertFalse(output().contains("\u001b"), output());
        assertFalse(output().contains("\u0007"), output());
        assertTrue(output().contains("a\\x1b]0;owned\\x07\\x1b[31m.csv"), output());
    }

    @Test
    void aFileNameThatIsNotUtf8IsAnErrorNamingItsBytes() throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows") && !System.getProperty("os.name")
                .startsWith("Mac"), "names are Unicode on this file system");
        Process touch = new ProcessBuilder("sh", "-c", "touch \"$(printf 'b\\377.csv')\" \"$(printf 'b\\376.csv')\"")
                .directory(dir.resolve("data").toFile()).inheritIO().start();
        assertEquals(0, touch.waitFor());
        assertEquals(2, run("datasets", "lock", "--policy", policy.toString()), output());
        assertTrue(output().contains("not valid UTF-8"), output());
        assertTrue(output().contains("b%FF.csv") || output().contains("b%FE.csv"), output());
        assertFalse(Files.exists(dir.resolve("aigate-datasets.lock.json")));
    }
}
