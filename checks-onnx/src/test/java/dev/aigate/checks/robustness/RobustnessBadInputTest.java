package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input is an ERROR whose message says what is wrong and where. */
class RobustnessBadInputTest {
    private static final String CSV_SECTION = """
              model: model/digits-mlp.onnx
              data: {csv: data/digits-test.csv, label: label}
              attacks: {fgsm: {}}
            """;

    @TempDir
    Path dir;

    private String error(Path policy) {
        GateResult result = Fixtures.run(policy, 2);
        assertEquals(Verdict.ERROR, result.verdict(), () -> "checks: " + result.checks());
        if (result.error() != null) {
            return result.error();
        }
        CheckResult check = Fixtures.check(result);
        assertEquals(CheckStatus.ERROR, check.status());
        return check.error();
    }

    private Path csvProject() {
        return Fixtures.project(dir, CSV_SECTION, "digits-mlp.onnx", "digits-test.csv");
    }

    private void editCsv(java.util.function.UnaryOperator<List<String>> edit) throws IOException {
        Path csv = dir.resolve("data/digits-test.csv");
        Files.write(csv, edit.apply(new java.util.ArrayList<>(Files.readAllLines(csv))));
    }

    @Test
    void modelThatFailsToLoad() throws IOException {
        Path policy = csvProject();
        Files.write(dir.resolve("model/digits-mlp.onnx"), "this is not an ONNX model".getBytes(StandardCharsets.UTF_8));
        String error = error(policy);
        // aigate's own ONNX reader checks the file (and its external data) before ONNX Runtime opens anything.
        assertTrue(error.contains("model/digits-mlp.onnx") && error.contains("not a valid ONNX model"), error);
    }

    @Test
    void missingModelFile() throws IOException {
        Path policy = csvProject();
        Files.delete(dir.resolve("model/digits-mlp.onnx"));
        String error = error(policy);
        assertTrue(error.contains("digits-mlp.onnx") && error.contains("not found"), error);
    }

    @Test
    void tensorNameThatDoesNotExist() {
        Path policy = Fixtures.project(dir, CSV_SECTION + "  input: pixels\n", "digits-mlp.onnx", "digits-test.csv");
        String error = error(policy);
        assertTrue(error.contains("no input tensor named 'pixels'") && error.contains("input")
                && error.contains("digits-mlp.onnx"), error);
        Path other = Fixtures.project(dir.resolve("out"), CSV_SECTION + "  output: scores\n", "digits-mlp.onnx",
                "digits-test.csv");
        String outputError = error(other);
        assertTrue(outputError.contains("no output tensor named 'scores'") && outputError.contains("logits"),
                outputError);
    }

    @Test
    void shapeThatDoesNotMatchTheData() throws IOException {
        Path policy = csvProject();
        editCsv(lines -> lines.stream().map(line -> line.substring(line.indexOf(',') + 1)).toList());
        String error = error(policy);
        assertTrue(error.contains("data/digits-test.csv") && error.contains("63 features")
                && error.contains("'input' [batch, 64]") && error.contains("expects 64"), error);
    }

    @Test
    void nanOrInfiniteValuesInCsv() throws IOException {
        Path policy = csvProject();
        editCsv(lines -> {
            String[] cells = lines.get(5).split(",");
            cells[3] = "NaN";
            lines.set(5, String.join(",", cells));
            return lines;
        });
        String error = error(policy);
        assertTrue(error.contains("data/digits-test.csv") && error.contains("line 6") && error.contains("'p3'")
                && error.contains("not finite"), error);
        editCsv(lines -> {
            lines.set(5, lines.get(5).replace("NaN", "-Infinity"));
            return lines;
        });
        assertTrue(error(policy).contains("not finite"));
    }

    @Test
    void nanInNumpyFeatures() throws IOException {
        Path policy = Fixtures.project(dir, """
                  model: model/digits-mlp.onnx
                  data: {features: data/digits-test-x.npy, labels: data/digits-test-y.npy}
                """, "digits-mlp.onnx", "digits-test-x.npy", "digits-test-y.npy");
        Path x = dir.resolve("data/digits-test-x.npy");
        byte[] bytes = Files.readAllBytes(x);
        int dataStart = bytes.length - 450 * 64 * 4;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(dataStart + (2 * 64 + 5) * 4, Float.NaN);
        Files.write(x, bytes);
        String error = error(policy);
        assertTrue(error.contains("digits-test-x.npy") && error.contains("sample 2, feature 5")
                && error.contains("not finite"), error);
    }

    @Test
    void labelsOutsideTheModelsClasses() throws IOException {
        Path policy = csvProject();
        editCsv(lines -> {
            String line = lines.get(10);
            lines.set(10, line.substring(0, line.lastIndexOf(',') + 1) + "10");
            return lines;
        });
        String error = error(policy);
        assertTrue(error.contains("data/digits-test.csv") && error.contains("line 11") && error.contains("label 10")
                && error.contains("outside the model's classes 0..9"), error);
    }

    @Test
    void emptyEvaluationSet() throws IOException {
        Path policy = csvProject();
        editCsv(lines -> List.of(lines.get(0)));
        String error = error(policy);
        assertTrue(error.contains("data/digits-test.csv") && error.contains("empty"), error);
    }

    @Test
    void epsilonOutsideTheInputRange() {
        Path policy = Fixtures.project(dir, CSV_SECTION + "  epsilons: [0.1, 1.5]\n", "digits-mlp.onnx",
                "digits-test.csv");
        String error = error(policy);
        assertTrue(error.contains("aigate.yml") && error.contains("epsilon 1.5 is outside the input range"), error);
        Path negative = Fixtures.project(dir.resolve("neg"), CSV_SECTION + "  epsilons: [-0.1]\n",
                "digits-mlp.onnx", "digits-test.csv");
        assertTrue(error(negative).contains("epsilon -0.1 is outside the input range"));
    }

    @Test
    void dataOutsideTheInputRange() {
        Path policy = Fixtures.project(dir, CSV_SECTION + "  inputRange: [0, 0.5]\n", "digits-mlp.onnx",
                "digits-test.csv");
        String error = error(policy);
        assertTrue(error.contains("data/digits-test.csv") && error.contains("outside inputRange [0, 0.5]"), error);
    }

    @Test
    void pathsMustStayInsideThePolicyDirectory() throws IOException {
        Path inner = dir.resolve("project");
        Files.createDirectories(inner);
        Files.copy(Fixtures.DIGITS.resolve("digits-mlp.onnx"), dir.resolve("outside.onnx"));
        Path policy = inner.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\nrobustness:\n  model: ../outside.onnx\n"
                + "  data: {csv: data/test.csv, label: label}\n");
        String error = error(policy);
        assertTrue(error.contains("'model' path '../outside.onnx' is not allowed") && error.contains("aigate.yml"),
                error);
        Files.createDirectories(inner.resolve("model"));
        Files.createSymbolicLink(inner.resolve("model/link.onnx"), dir.resolve("outside.onnx"));
        Files.writeString(policy, "version: 1\nrobustness:\n  model: model/link.onnx\n"
                + "  data: {csv: data/test.csv, label: label}\n");
        Files.createDirectories(inner.resolve("data"));
        Files.copy(Fixtures.DIGITS.resolve("digits-test.csv"), inner.resolve("data/test.csv"));
        String linkError = error(policy);
        assertTrue(linkError.contains("symbolic link") && linkError.contains("link.onnx"), linkError);
    }

    @Test
    void missingLabelColumnAndStrictPolicyKeys() {
        Path policy = Fixtures.project(dir, CSV_SECTION.replace("label: label", "label: digit"), "digits-mlp.onnx",
                "digits-test.csv");
        String error = error(policy);
        assertTrue(error.contains("no label column 'digit'") && error.contains("data/digits-test.csv"), error);
        Path unknown = Fixtures.project(dir.resolve("unknown"), CSV_SECTION + "  epsilon: 0.1\n", "digits-mlp.onnx",
                "digits-test.csv");
        String unknownError = error(unknown);
        assertTrue(unknownError.contains("unknown key 'epsilon'") && unknownError.contains("aigate.yml:"),
                unknownError);
        Path missing = Fixtures.project(dir.resolve("missing"), "  data: {csv: data/digits-test.csv, label: label}\n",
                "digits-test.csv");
        assertTrue(error(missing).contains("missing required key 'model'"));
    }

    @Test
    void thresholdForAnEpsilonThatIsNotConfigured() {
        Path policy = Fixtures.project(dir, CSV_SECTION + "  thresholds: {minRobustAccuracy: {\"0.3\": 0.5}}\n",
                "digits-mlp.onnx", "digits-test.csv");
        String error = error(policy);
        assertTrue(error.contains("names epsilon 0.3, which is not in 'epsilons'"), error);
    }
}
