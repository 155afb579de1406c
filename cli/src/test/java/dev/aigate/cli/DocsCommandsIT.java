package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sh cli} blocks of the docs, run as they stand with bash against the CLI this build packaged (after
 * {@code package}: the launcher {@code target/aigate} and {@code target/aigate-cli-VERSION-all.jar}), from a
 * directory laid out like the repository root: {@code cli/target/} and a copy of {@code examples/digits-classifier}.
 */
class DocsCommandsIT {
    @TempDir
    Path dir;

    @Test
    void everyCliSessionOfTheDocsRunsAsWritten() throws Exception {
        List<DocSnippets.Snippet> sessions = DocSnippets.load().withInfo("sh cli");
        assertFalse(sessions.isEmpty());
        Path repository = DocSnippets.repositoryRoot();
        Path target = repository.resolve("cli/target");
        for (DocSnippets.Snippet session : sessions) {
            Path root = Files.createDirectories(dir.resolve("root-" + session.line()));
            Path cli = Files.createDirectories(root.resolve("cli/target"));
            try (Stream<Path> built = Files.list(target)) {
                for (Path file : built.filter(p -> p.getFileName().toString().matches("aigate|aigate-cli-.*-all\\.jar"))
                        .toList()) {
                    Files.copy(file, cli.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            assertTrue(Files.isExecutable(cli.resolve("aigate")), "run 'package' first: no " + cli.resolve("aigate"));
            copy(repository.resolve("examples/digits-classifier"), root.resolve("examples/digits-classifier"));
            Path tmp = Files.createDirectories(root.resolve("tmp"));
            ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", session.body())
                    .directory(root.toFile()).redirectErrorStream(true);
            bash.environment().put("TMPDIR", tmp.toString());
            bash.environment().put("AIGATE_CACHE", dir.resolve("cds").toString());
            Path log = root.resolve("session.log");
            bash.redirectOutput(log.toFile());
            Process process = bash.start();
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), session.where() + " did not finish");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), session.where() + " failed:\n" + output);
            assertTrue(output.contains("verdict PASS"), output);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path destination = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
