package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy says whether a CSV file has a header row; the label is a name with one and an index without. */
class CsvHeaderPolicyTest {
    @TempDir
    Path dir;

    /** The digits test set without its header row, as data/plain.csv. */
    private Path headerlessProject(String data) throws IOException {
        Path project = Files.createTempDirectory(dir, "project");
        Path policy = Fixtures.project(project, """
                  model: model/digits-mlp.onnx
                  data: %s
                  attacks: {fgsm: {}}
                """.formatted(data), "digits-mlp.onnx");
        List<String> lines = Files.readAllLines(Fixtures.DIGITS.resolve("digits-test.csv"));
        Files.createDirectories(project.resolve("data"));
        Files.write(project.resolve("data/plain.csv"), lines.subList(1, lines.size()));
        return policy;
    }

    private static String error(GateResult result) {
        assertEquals(Verdict.ERROR, result.verdict(), () -> "checks: " + result.checks());
        if (result.error() != null) {
            return result.error();
        }
        CheckResult check = Fixtures.check(result);
        assertEquals(CheckStatus.ERROR, check.status());
        return check.error();
    }

    @Test
    void aFileWithoutAHeaderIsReadWithTheLabelByIndex() throws IOException {
        Path policy = headerlessProject("{csv: data/plain.csv, header: false, label: 64}");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        assertEquals(CheckStatus.PASSED, check.status(), check::error);
        double expected = Fixtures.reference().get("models").get("digits-mlp").get("clean").asDouble();
        assertEquals(expected, Fixtures.cleanAccuracy(check), 1e-6);
    }

    @Test
    void theDefaultIsAHeaderSoAQuotedNumberNamesAColumnAndDuplicatesAreAnError() throws IOException {
        String error = error(Fixtures.run(headerlessProject("{csv: data/plain.csv, label: \"0\"}"), 2));
        assertTrue(error.contains("data/plain.csv") && error.contains("duplicate column names: '0' (columns 0, ")
                && error.contains("header: false"), error);
        assertTrue(!error.contains("inputRange"), error);
    }

    @Test
    void anIndexNeedsHeaderFalseAndANameNeedsAHeader() throws IOException {
        String index = error(Fixtures.run(headerlessProject("{csv: data/plain.csv, label: 0}"), 2));
        assertTrue(index.contains("aigate.yml:") && index.contains("'label: 0' is a column index")
                && index.contains("header: false") && index.contains("label: \"0\""), index);
        String name = error(Fixtures.run(headerlessProject("{csv: data/plain.csv, header: false, label: \"64\"}"),
                2));
        assertTrue(name.contains("aigate.yml:") && name.contains("is a column name") && name.contains("label: 0"),
                name);
        String negative = error(Fixtures.run(headerlessProject("{csv: data/plain.csv, header: false, label: -1}"),
                2));
        assertTrue(negative.contains("must be 0 or more"), negative);
    }

    @Test
    void headerIsStrictlyTypedAndOnlyForCsv() throws IOException {
        String text = error(Fixtures.run(headerlessProject("{csv: data/plain.csv, header: \"no\", label: 64}"), 2));
        assertTrue(text.contains("aigate.yml:") && text.contains("header"), text);
        String mapping = error(Fixtures.run(headerlessProject("{csv: data/plain.csv, label: {name: x}}"), 2));
        assertTrue(mapping.contains("aigate.yml:") && mapping.contains("must be a column name"), mapping);
        String npy = error(Fixtures.run(headerlessProject(
                "{features: data/x.npy, labels: data/y.npy, header: false}"), 2));
        assertTrue(npy.contains("'header' is for CSV data"), npy);
    }
}
