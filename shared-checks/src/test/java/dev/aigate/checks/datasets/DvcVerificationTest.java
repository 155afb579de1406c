package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.ReportSchemaAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DVC verification end to end against {@code fixtures/dvc/project}, whose dvc.lock, .dvc file and cache listings
 * were written by DVC's rules (tools/fixtures/make_dvc_fixtures.py): a DVC 3 directory ({@code hash: md5}) and file,
 * a DVC 2 directory and a DVC 2 .dvc file (text-normalised MD5).
 */
class DvcVerificationTest {
    static final String POLICY = "version: 1\ndatasets:\n  dvc: [dvc.lock, data/raw.csv.dvc]\n";

    @TempDir
    Path dir;

    @BeforeEach
    void copyProject() throws IOException {
        Path source = DvcHashingTest.FIXTURES.resolve("project");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path target = dir.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        policy(POLICY);
    }

    private void policy(String yaml) throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), yaml);
    }

    private GateResult verify() {
        GateRequest request = new GateRequest(dir.resolve("aigate.yml"), Set.of(), Set.of(), null, 2, Map.of(),
                null);
        GateResult result = new Gate(CheckRegistry.load(), DatasetsCheckTest.CLOCK, null).run(request);
        ReportSchemaAssert.assertValid(result);
        return result;
    }

    private static CheckResult datasets(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals(DatasetsCheck.ID)).findFirst().orElseThrow();
    }

    private static List<String> subjects(GateResult result, String ruleId) {
        return datasets(result).findings().stream().filter(f -> f.ruleId().equals(ruleId)).map(Finding::subject)
                .sorted().toList();
    }

    private void write(String relative, String content) throws IOException {
        Files.writeString(dir.resolve(relative), content, StandardCharsets.UTF_8);
    }

    @Test
    void unchangedDataPassesWithAnInfoThatMd5IsWeaker() {
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict(), () -> String.valueOf(datasets(result).findings()) + " "
                + datasets(result).error());
        List<Finding> findings = datasets(result).findings();
        assertEquals(1, findings.size(), findings::toString);
        assertEquals(DatasetsCheck.DVC_MD5_ONLY.id(), findings.get(0).ruleId());
        assertEquals(Severity.INFO, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("aigate lock"));
        // Every DVC-tracked file is an input of the report, with its SHA-256.
        assertTrue(datasets(result).inputs().stream().anyMatch(i -> i.path().equals("data/images/sub/naïve file.txt")
                && i.sha256() != null));
        assertEquals(8L, datasets(result).metrics().get("files"));
    }

    @Test
    void anAigateLockBesideTheDvcFilesDropsTheInfo() throws IOException {
        policy(POLICY + "  sets:\n    - name: images\n      path: data/images\n");
        Locks.lock(dir.resolve("aigate.yml"), 1, null);
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(List.of(), datasets(result).findings());
    }

    @Test
    void namesEachChangedFileOfADvc3Directory() throws IOException {
        write("data/images/b.txt", "first\r\nSECOND\r\n");
        write("data/images/new.txt", "added\n");
        Files.delete(dir.resolve("data/images/sub/c.txt"));
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals(List.of("data/images/b.txt"), subjects(result, DatasetsCheck.FILE_MODIFIED.id()));
        assertEquals(List.of("data/images/new.txt"), subjects(result, DatasetsCheck.FILE_ADDED.id()));
        assertEquals(List.of("data/images/sub/c.txt"), subjects(result, DatasetsCheck.FILE_REMOVED.id()));
        Finding modified = datasets(result).findings().stream()
                .filter(f -> f.ruleId().equals(DatasetsCheck.FILE_MODIFIED.id())).findFirst().orElseThrow();
        assertTrue(modified.message().contains("462281ccbcb43b1640e16ddb2efe82c6"), modified.message());
    }

    @Test
    void namesEachChangedFileOfADvc2DirectoryFromTheDvc2CacheLayout() throws IOException {
        write("data/legacy/x.txt", "legacy text\r\nwith crlf\r\n");
        GateResult result = verify();
        assertEquals(List.of("data/legacy/x.txt"), subjects(result, DatasetsCheck.FILE_MODIFIED.id()));
    }

    @Test
    void dvc2TextRuleIgnoresLineEndingsWhereDvc3RuleDoesNot() throws IOException {
        // DVC 2 outputs (no 'hash'): CRLF -> LF is no change, as DVC 2 itself sees it.
        write("data/raw.csv", "id,label\n1,cat\n2,dog\n");
        write("data/legacy/x.txt", "legacy text\nwith CRLF\n");
        assertEquals(Verdict.PASS, verify().verdict());
        // DVC 3 outputs (hash: md5): the same edit is a change.
        write("data/labels.csv", "id,label\n1,0\n2,1\n");
        write("data/images/b.txt", "first\nsecond\n");
        GateResult result = verify();
        assertEquals(List.of("data/images/b.txt", "data/labels.csv"),
                subjects(result, DatasetsCheck.FILE_MODIFIED.id()));
    }

    @Test
    void binaryFilesAreNeverNormalisedEvenUnderTheDvc2Rule() throws IOException {
        Files.write(dir.resolve("data/legacy/y.bin"), new byte[] {0, 1, 2, '\n'});
        assertEquals(List.of("data/legacy/y.bin"), subjects(verify(), DatasetsCheck.FILE_MODIFIED.id()));
    }

    @Test
    void aMissingOutputIsRemoved() throws IOException {
        Files.delete(dir.resolve("data/raw.csv"));
        assertEquals(List.of("data/raw.csv"), subjects(verify(), DatasetsCheck.FILE_REMOVED.id()));
    }

    @Test
    void withoutTheCacheListingTheDirectoryIsReportedWhole() throws IOException {
        deleteTree(dir.resolve(".dvc/cache"));
        write("data/images/b.txt", "changed\n");
        GateResult result = verify();
        assertEquals(Verdict.FAIL, result.verdict());
        List<Finding> modified = datasets(result).findings().stream()
                .filter(f -> f.ruleId().equals(DatasetsCheck.FILE_MODIFIED.id())).toList();
        assertEquals(1, modified.size());
        assertEquals("data/images", modified.get(0).subject());
        assertTrue(modified.get(0).message().contains("not in the DVC cache"), modified.get(0).message());
    }

    @Test
    void anEditedCacheListingIsAnError() throws IOException {
        Path listing;
        try (Stream<Path> files = Files.walk(dir.resolve(".dvc/cache/files"))) {
            listing = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.writeString(listing, Files.readString(listing).replace("b.txt", "x.txt"));
        write("data/images/b.txt", "changed\n");
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(datasets(result).error().contains("does not hash to its name"), datasets(result).error());
    }

    @Test
    void strictParsingNamesFileAndLine() throws IOException {
        String lock = Files.readString(dir.resolve("dvc.lock"));
        assertError(lock.replace("      size: 20\n", "      size: 20\n      sneaky: 1\n"), "unknown key 'sneaky'",
                "line 20");
        assertError(lock.replace("path: data/labels.csv", "path: ../../etc/passwd"), "outside the project directory");
        assertError(lock.replace("path: data/labels.csv", "path: /etc/passwd"), "must be a relative");
        assertError(lock.replace("path: data/labels.csv", "path: s3://bucket/x"), "remote URL");
        assertError(lock.replace("b674c56aa891dca4732326b8f88c9f2a", "B674C56AA891DCA4732326B8F88C9F2A"),
                "32 lowercase hex");
        assertError(lock.replace("schema: '2.0'\n", ""), "DVC 1 lock file");
        assertError(lock.replace("      hash: md5\n      md5: b674", "      hash: sha256\n      md5: b674"),
                "not supported");
        assertError(lock.replace("path: data/labels.csv", "path: data/images"), "recorded twice");
        assertError("stages: [a, b]\n", "no 'schema'");
        assertError("schema: '2.0'\nstages: !!java.io.File x\n", "not valid YAML", "tags are not supported");
        assertError("schema: '2.0'\nschema: '2.0'\nstages: {}\n", "not valid YAML", "schema");
    }

    @Test
    void aSymbolicLinkOutOfTheProjectIsAnError() throws IOException {
        Path outside = Files.createTempFile("aigate-dvc", ".csv");
        try {
            Files.delete(dir.resolve("data/labels.csv"));
            Files.createSymbolicLink(dir.resolve("data/labels.csv"), outside);
            assertError(Files.readString(dir.resolve("dvc.lock")), "outside the project directory",
                    "symbolic link");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void theLockActionHasNothingToWriteForDvcOnlySections() {
        assertEquals(0, Locks.lock(dir.resolve("aigate.yml"), 1, null).datasets().size());
        assertTrue(Files.notExists(dir.resolve(DatasetsConfig.DEFAULT_LOCK_FILE)));
    }

    private void assertError(String lock, String... fragments) throws IOException {
        write("dvc.lock", lock);
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict(), () -> String.valueOf(datasets(result).findings()));
        assertEquals(CheckStatus.ERROR, datasets(result).status());
        String error = datasets(result).error();
        assertTrue(error.contains(dir.resolve("dvc.lock").toString()), error);
        for (String fragment : fragments) {
            assertTrue(error.contains(fragment), () -> "expected '" + fragment + "' in: " + error);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
