package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code aigate robustness}: exit codes follow the verdict, thresholds can be overridden with --set. */
class RobustnessCommandTest {
    private static final Path DIGITS = Path.of("..", "fixtures", "digits");
    private static final Path PROJECT = Path.of("target", "robustness-command-test");

    @BeforeAll
    static void project() throws IOException {
        Files.createDirectories(PROJECT.resolve("model"));
        Files.createDirectories(PROJECT.resolve("data"));
        Files.copy(DIGITS.resolve("digits-logreg.onnx"), PROJECT.resolve("model/digits-logreg.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(DIGITS.resolve("digits-test.csv"), PROJECT.resolve("data/test.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(PROJECT.resolve("aigate.yml"), """
                version: 1
                robustness:
                  model: model/digits-logreg.onnx
                  data: {csv: data/test.csv, label: label}
                  maxSamples: 200
                  epsilons: [0.05]
                  attacks: {noise: {gaussianSigmas: [0.05], draws: 2}, fgsm: {}, square: {queries: 20}}
                  thresholds: {minCleanAccuracy: 0.9, minRobustAccuracy: {"0.05": 0.5}, maxNoiseDrop: 0.05}
                """);
        Files.writeString(PROJECT.resolve("broken.yml"), """
                version: 1
                robustness:
                  model: model/missing.onnx
                  data: {csv: data/test.csv, label: label}
                """);
    }

    private static int run(StringWriter out, String... args) {
        return AigateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    }

    @Test
    void passFailAndErrorExitCodes() {
        String report = PROJECT.resolve("report").toString();
        StringWriter pass = new StringWriter();
        assertEquals(0, run(pass, "robustness", "--policy", PROJECT.resolve("aigate.yml").toString(), "--report-dir",
                report, "--no-progress"), pass::toString);
        assertTrue(pass.toString().contains("Robustness smoke tests (robustness)"), pass::toString);

        StringWriter fail = new StringWriter();
        assertEquals(1, run(fail, "robustness", "--policy", PROJECT.resolve("aigate.yml").toString(), "--report-dir",
                report, "--set", "robustness.minCleanAccuracy=0.995", "--no-progress"), fail::toString);
        assertTrue(fail.toString().contains("robustness/clean-accuracy"), fail::toString);

        StringWriter error = new StringWriter();
        assertEquals(2, run(error, "robustness", "--policy", PROJECT.resolve("broken.yml").toString(),
                "--report-dir", report, "--no-progress"), error::toString);
        assertTrue(error.toString().contains("missing.onnx") && error.toString().contains("not found"),
                error::toString);
    }

    @Test
    void jsonOutputCarriesTheMetrics() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "robustness", "--policy", PROJECT.resolve("aigate.yml").toString(), "--report-dir",
                PROJECT.resolve("report-json").toString(), "--format", "json", "--no-progress"));
        assertTrue(out.toString().contains("\"accuracyVsEpsilon\"") && out.toString().contains("\"fgsm\""),
                out::toString);
    }

    @Test
    void csvWithoutAHeaderRunsWithHeaderFalseAndIsAnErrorNamingTheDuplicatesWithout() throws IOException {
        java.util.List<String> lines = Files.readAllLines(DIGITS.resolve("digits-test.csv"));
        Files.write(PROJECT.resolve("data/plain.csv"), lines.subList(1, lines.size()));
        String section = """
                version: 1
                robustness:
                  model: model/digits-logreg.onnx
                  data: %s
                  maxSamples: 100
                  epsilons: [0.05]
                  attacks: {fgsm: {}}
                """;
        Files.writeString(PROJECT.resolve("plain.yml"), section.formatted("{csv: data/plain.csv, header: false,"
                + " label: 64}"));
        Files.writeString(PROJECT.resolve("plain-as-header.yml"), section.formatted("{csv: data/plain.csv,"
                + " label: \"0\"}"));
        StringWriter pass = new StringWriter();
        assertEquals(0, run(pass, "robustness", "--policy", PROJECT.resolve("plain.yml").toString(), "--report-dir",
                PROJECT.resolve("report-plain").toString(), "--no-progress"), pass::toString);
        StringWriter error = new StringWriter();
        assertEquals(2, run(error, "robustness", "--policy", PROJECT.resolve("plain-as-header.yml").toString(),
                "--report-dir", PROJECT.resolve("report-plain").toString(), "--no-progress"), error::toString);
        assertTrue(error.toString().contains("data/plain.csv") && error.toString().contains("duplicate column names")
                && error.toString().contains("header: false"), error::toString);
        assertTrue(!error.toString().contains("Exception") && !error.toString().contains("inputRange"),
                error::toString);
    }
}
