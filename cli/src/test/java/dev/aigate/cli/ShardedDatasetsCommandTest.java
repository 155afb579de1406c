package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded verification with the real CLI, each shard a separate process running at the same time (as on separate
 * agents), then the merge: exit codes, the verdict and the named file are those of a verification in one run.
 */
class ShardedDatasetsCommandTest {
    private static final int SHARDS = 4;

    @TempDir
    Path dir;
    Path policy;

    /** The output and exit status of one process. */
    record Run(int status, String output) {
    }

    @BeforeEach
    void project() throws IOException {
        Random random = new Random(11);
        Path data = Files.createDirectories(dir.resolve("data/train"));
        byte[] large = new byte[200_000];
        random.nextBytes(large);
        Files.write(data.resolve("large.bin"), large);
        for (int i = 0; i < 40; i++) {
            Files.writeString(data.resolve("rows-" + i + ".csv"), "id,label\n" + i + "," + random.nextInt(10) + "\n");
        }
        policy = Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  chunkBytes: 16384\n  sets:\n"
                + "    - name: train\n      path: data/train\n");
        assertEquals(0, start("datasets", "lock", "--no-progress").waitFor().status());
    }

    /** A running CLI process in the project directory. */
    final class Started {
        final Process process;
        final Path log;

        Started(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        Run waitFor() {
            try {
                assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish");
                return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } catch (InterruptedException | IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    Started start(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), AigateCommand.class.getName()));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile(dir, "cli", ".log");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Started(process, log);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every shard as its own process, all at once; then the merge. */
    Run shardsThenMerge() {
        List<Started> shards = new ArrayList<>();
        for (int k = 1; k <= SHARDS; k++) {
            shards.add(start("datasets", "verify-shard", "--shard", k + "/" + SHARDS, "--no-progress"));
        }
        for (Started shard : shards) {
            Run run = shard.waitFor();
            assertEquals(0, run.status(), run.output());
        }
        return start("datasets", "merge", "--no-progress").waitFor();
    }

    @Test
    void unchangedDataPassesAndAChangedByteFailsNamingTheFile() throws IOException {
        Run pass = shardsThenMerge();
        assertEquals(0, pass.status(), pass.output());
        assertTrue(pass.output().contains("verdict PASS"), pass.output());
        assertTrue(Files.isRegularFile(dir.resolve("aigate-report/aigate-report.json")));

        byte[] large = Files.readAllBytes(dir.resolve("data/train/large.bin"));
        large[100_000] ^= 1;
        Files.write(dir.resolve("data/train/large.bin"), large);
        Run fail = shardsThenMerge();
        assertEquals(1, fail.status(), fail.output());
        assertTrue(fail.output().contains("data/train/large.bin"), fail.output());
        assertTrue(fail.output().contains("verdict FAIL"), fail.output());
    }

    @Test
    void aMissingShardIsAnErrorWithExitCode2() throws IOException {
        assertEquals(0, shardsThenMerge().status());
        Files.delete(dir.resolve("aigate-partials/datasets-shard-2-of-4.json"));
        Run merge = start("datasets", "merge", "--no-progress").waitFor();
        assertEquals(2, merge.status(), merge.output());
        assertTrue(merge.output().contains("shard 2 of 4 missing"), merge.output());
    }
}
