package dev.aigate.checks.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the corpus gets its expected outcome: malicious files fail (a critical or high finding of the named
 * rule, naming the expected import or call), benign files pass with no finding at all, suspicious ones get a medium
 * finding (critical under strict), malformed ones are an error naming the problem.
 */
class CorpusTest {
    static Stream<Corpus.Case> cases() throws Exception {
        return Corpus.cases().stream();
    }

    static CheckResult scan(String path, boolean strict) {
        Path root = Corpus.root();
        return new ModelScan(root, strict, List.of(), ScanLimits.DEFAULT)
                .run(ModelFiles.given(root, List.of(root.resolve(path))), 2, ProgressListener.NONE,
                        "Model-file scanning");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outcome(Corpus.Case c) {
        switch (c.expected()) {
            case "pass" -> {
                CheckResult result = scan(c.path(), true);
                assertEquals(List.of(), result.findings().stream().map(Finding::message).toList(), c.path());
                assertEquals("complete", result.metrics().get("status"));
                assertTrue(!result.inputs().isEmpty());
                assertTrue(result.inputs().stream().allMatch(i -> i.kind().equals("model") && i.sha256() != null));
            }
            case "fail" -> {
                CheckResult result = scan(c.path(), false);
                List<Finding> failing = result.findings().stream()
                        .filter(f -> f.severity().atLeast(Severity.HIGH)).toList();
                assertTrue(!failing.isEmpty(), c.path() + ": no failing finding in " + messages(result));
                assertTrue(failing.stream().anyMatch(f -> f.ruleId().equals(c.rule())),
                        c.path() + ": expected " + c.rule() + " in " + messages(result));
                assertTrue(failing.stream().anyMatch(f -> f.message().contains(c.contains())),
                        c.path() + ": expected '" + c.contains() + "' in " + messages(result));
                assertTrue(failing.stream().allMatch(f -> f.subject().startsWith(c.path())));
            }
            case "suspicious" -> {
                CheckResult result = scan(c.path(), false);
                assertTrue(!result.findings().isEmpty(), c.path() + ": no finding");
                assertTrue(result.findings().stream().allMatch(f -> f.severity() == Severity.MEDIUM),
                        c.path() + ": not only medium findings: " + messages(result));
                assertTrue(result.findings().stream().anyMatch(f -> f.ruleId().equals(c.rule())
                        && f.message().contains(c.contains())), c.path() + ": expected " + c.rule() + " with '"
                        + c.contains() + "' in " + messages(result));
                CheckResult strict = scan(c.path(), true);
                assertTrue(strict.findings().stream().allMatch(f -> f.severity() == Severity.CRITICAL));
            }
            case "error" -> {
                try {
                    CheckResult result = scan(c.path(), false);
                    fail(c.path() + ": expected an error, got " + messages(result));
                } catch (GateException e) {
                    assertTrue(e.getMessage().contains(c.path()), e.getMessage());
                    assertTrue(e.getMessage().contains(c.contains()), c.path() + ": expected '" + c.contains()
                            + "' in the error: " + e.getMessage());
                }
            }
            default -> fail("unknown expectation " + c.expected());
        }
    }

    static String messages(CheckResult result) {
        return result.findings().stream().map(f -> f.severity() + " " + f.ruleId() + " " + f.message())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
