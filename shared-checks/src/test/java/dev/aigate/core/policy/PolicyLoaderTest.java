package dev.aigate.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.datasets.DatasetSpec;
import dev.aigate.checks.datasets.DatasetsCheck;
import dev.aigate.checks.datasets.DatasetsConfig;
import dev.aigate.core.PolicyException;
import dev.aigate.core.Severity;
import dev.aigate.core.io.Digests;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyLoaderTest {
    /** Five lines: a minimal valid policy to which cases append (so appended content starts on line 6). */
    private static final String BASE = "version: 1\n"
            + "datasets:\n"
            + "  sets:\n"
            + "    - name: d\n"
            + "      path: data\n";

    private static final String WAIVER = "waivers:\n" // line 6
            + "  - id: w1\n" // 7
            + "    rule: datasets/file-added\n" // 8
            + "    reason: under review\n" // 9
            + "    approvedBy: bob\n" // 10
            + "    expires: 2030-01-01\n"; // 11

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return write(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("aigate.yml");
        Files.write(file, bytes);
        return file;
    }

    private static Policy load(Path file) {
        Policy policy = new PolicyLoader(CheckRegistry.load()).load(file);
        if (policy.hasSection(DatasetsCheck.ID)) {
            policy.configFor(new DatasetsCheck());
        }
        return policy;
    }

    /** Asserts loading fails with a message that starts with "file:line:" and contains every fragment. */
    private PolicyException assertPolicyError(String yaml, int line, String... fragments) throws IOException {
        return assertPolicyError(yaml.getBytes(StandardCharsets.UTF_8), line, fragments);
    }

    private PolicyException assertPolicyError(byte[] bytes, int line, String... fragments) throws IOException {
        Path file = write(bytes);
        PolicyException e = assertThrows(PolicyException.class, () -> load(file));
        String message = e.getMessage();
        String prefix = line > 0 ? file + ":" + line + ": " : file + ": ";
        assertTrue(message.startsWith(prefix), () -> "expected prefix '" + prefix + "' in: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        }
        return e;
    }

    @Test
    void loadsAValidPolicy() throws IOException {
        String yaml = "version: 1\n"
                + "project: demo\n"
                + "failOn: medium\n"
                + "severity:\n"
                + "  datasets/file-added: low\n"
                + "datasets:\n"
                + "  lockFile: data.lock.json\n"
                + "  requireProvenance: [source, approver]\n"
                + "  sets:\n"
                + "    - name: train\n"
                + "      path: data/train\n"
                + "      include: [\"**/*.csv\"]\n"
                + "      exclude: [\"tmp/**\"]\n"
                + "      provenance:\n"
                + "        source: https://example.org/digits\n"
                + "        license: CC-BY-4.0\n"
                + "        collected: 2025-06-01\n"
                + "        approver: alice\n"
                + "waivers:\n"
                + "  - id: known-added\n"
                + "    rule: datasets/file-added\n"
                + "    subject: data/train/new/**\n"
                + "    reason: being reviewed\n"
                + "    approvedBy: bob\n"
                + "    expires: 2026-12-31\n"
                + "  - rule: datasets/*\n"
                + "    reason: migration\n"
                + "    approvedBy: carol\n"
                + "    expires: 2026-06-30\n";
        Path file = write(yaml);
        Policy policy = load(file);

        assertEquals(1, policy.version());
        assertEquals("demo", policy.project());
        assertEquals(Severity.MEDIUM, policy.failOn());
        assertEquals(Map.of("datasets/file-added", Severity.LOW), policy.severityOverrides());
        assertEquals(Set.of("datasets"), policy.sections());
        assertEquals(Digests.sha256Hex(yaml.getBytes(StandardCharsets.UTF_8)), policy.sha256());
        assertEquals(dir.toAbsolutePath(), policy.baseDir());
        assertEquals(2, policy.waivers().size());
        Waiver first = policy.waivers().get(0);
        assertEquals(new Waiver("known-added", "datasets/file-added", "data/train/new/**", "being reviewed", "bob",
                LocalDate.of(2026, 12, 31)), first);
        assertEquals("waiver-2", policy.waivers().get(1).id(), "a waiver without id gets one from its position");
        assertEquals(20, policy.lineOf("/waivers/0"));
        assertEquals(26, policy.lineOf("/waivers/1"));

        DatasetsConfig config = policy.configFor(new DatasetsCheck());
        assertEquals("data.lock.json", config.lockFile());
        assertEquals(List.of("source", "approver"), config.requireProvenance());
        DatasetSpec spec = config.sets().get(0);
        assertEquals("train", spec.name());
        assertEquals("data/train", spec.path());
        assertEquals(List.of("**/*.csv"), spec.include());
        assertEquals(List.of("tmp/**"), spec.exclude());
        assertEquals(LocalDate.of(2025, 6, 1), spec.provenance().collected());
        assertEquals("alice", spec.provenance().approver());
    }

    @Test
    void appliesDefaults() throws IOException {
        Policy policy = load(write(BASE));
        assertEquals(Severity.HIGH, policy.failOn());
        assertNull(policy.project());
        assertTrue(policy.waivers().isEmpty());
        assertTrue(policy.severityOverrides().isEmpty());
        DatasetsConfig config = policy.configFor(new DatasetsCheck());
        assertTrue(config.enabled());
        assertEquals(DatasetsConfig.DEFAULT_LOCK_FILE, config.lockFile());
        assertEquals(List.of("**"), config.sets().get(0).include());
        assertTrue(config.sets().get(0).provenance().present().isEmpty());
    }

    @Test
    void acceptsAUtf8ByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = BASE.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        assertEquals(1, load(write(bytes)).version());
    }

    @Test
    void unknownTopLevelKey() throws IOException {
        assertPolicyError(BASE + "bogus: 1\n", 6, "unknown key 'bogus'", "datasets, failOn, project");
    }

    @Test
    void unknownNestedKeyInADataset() throws IOException {
        assertPolicyError(BASE + "      colour: red\n", 6, "unknown key 'colour'");
    }

    @Test
    void unknownKeyInTheDatasetsSection() throws IOException {
        assertPolicyError(BASE + "  lockfile: x.json\n", 6, "unknown key 'lockfile'", "lockFile");
    }

    @Test
    void unknownKeyInAWaiver() throws IOException {
        assertPolicyError(BASE + WAIVER + "    owner: dave\n", 12, "unknown key 'owner'");
    }

    @Test
    void unknownKeyIsReportedEvenWhenTheSectionIsNeverRun() throws IOException {
        // Policy errors must not depend on which checks a run selects: load() alone rejects them.
        Path file = write(BASE + "      colour: red\n");
        PolicyException e = assertThrows(PolicyException.class,
                () -> new PolicyLoader(CheckRegistry.load()).load(file));
        assertTrue(e.getMessage().startsWith(file + ":6: "), e.getMessage());
    }

    @Test
    void wrongTypeOfAPath() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  sets:\n    - name: d\n      path: [a, b]\n", 5,
                "'datasets.sets[0].path' has the wrong type", "expected text");
    }

    @Test
    void wrongTypeOfIncludes() throws IOException {
        assertPolicyError(BASE + "      include: '*.csv'\n", 6, "'datasets.sets[0].include' has the wrong type",
                "expected a list");
    }

    @Test
    void wrongTypeOfEnabled() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  enabled: 'yes'\n  sets:\n    - name: d\n      path: data\n", 3,
                "'datasets.enabled'", "expected true or false");
    }

    @Test
    void wrongTypeOfFailOn() throws IOException {
        assertPolicyError(BASE + "failOn: [high]\n", 6, "'failOn' must be one of");
    }

    @Test
    void unknownFailOnLevel() throws IOException {
        assertPolicyError(BASE + "failOn: severe\n", 6, "'failOn'", "unknown severity 'severe'");
    }

    @Test
    void wrongTypeOfWaivers() throws IOException {
        assertPolicyError(BASE + "waivers:\n  rule: datasets/file-added\n", 6, "'waivers' must be a list");
    }

    @Test
    void missingVersion() throws IOException {
        assertPolicyError("datasets:\n  sets:\n    - name: d\n      path: data\n", 1,
                "missing required key 'version'");
    }

    @Test
    void versionMustBeAWholeNumber() throws IOException {
        assertPolicyError("version: '1'\n", 1, "'version' must be a whole number");
    }

    @Test
    void waiverWarningDaysIsAWholeNumberOfDays() throws IOException {
        assertEquals(14, load(write(BASE)).waiverWarningDays());
        assertEquals(30, load(write(BASE + "waiverWarningDays: 30\n")).waiverWarningDays());
        assertPolicyError(BASE + "waiverWarningDays: -1\n", 6, "'waiverWarningDays' must be a whole number of days"
                + " from 0 (never warn) to 366, not -1");
        assertPolicyError(BASE + "waiverWarningDays: 2w\n", 6, "'waiverWarningDays' must be a whole number");
    }

    @Test
    void unsupportedVersion() throws IOException {
        assertPolicyError("project: x\nversion: 2\n", 2, "policy version 2 is not supported");
    }

    @Test
    void missingDatasetPath() throws IOException {
        PolicyException e = assertPolicyError("version: 1\ndatasets:\n  sets:\n    - name: d\n"
                + "      include: ['x']\n", 4, "missing required key 'path'", "'datasets.sets[0]'");
        assertTrue(!e.getMessage().contains("sets[0].path'"), e.getMessage());
    }

    @Test
    void missingSets() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  lockFile: x.json\n", 2, "'sets' must list at least one dataset (or 'dvc'");
    }

    @Test
    void emptySets() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  sets: []\n", 2, "'sets' must list at least one dataset");
    }

    @Test
    void emptyDatasetsSection() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n", 2, "'datasets'");
    }

    @Test
    void nullDatasetEntry() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  sets:\n    -\n", 4, "'datasets.sets[0]'");
    }

    @Test
    void missingWaiverReason() throws IOException {
        assertPolicyError(BASE + "waivers:\n  - rule: datasets/file-added\n    approvedBy: bob\n"
                + "    expires: 2030-01-01\n", 7, "missing required key 'reason'", "'waivers[0]'");
    }

    @Test
    void blankWaiverReason() throws IOException {
        assertPolicyError(BASE + "waivers:\n  - rule: datasets/file-added\n    reason: '  '\n    approvedBy: bob\n"
                + "    expires: 2030-01-01\n", 7, "'reason' must not be empty");
    }

    @Test
    void missingWaiverExpiry() throws IOException {
        assertPolicyError(BASE + "waivers:\n  - rule: datasets/file-added\n    reason: r\n    approvedBy: bob\n", 7,
                "missing required key 'expires'");
    }

    @Test
    void nullWaiver() throws IOException {
        assertPolicyError(BASE + "waivers:\n  -\n", 7, "'waivers[0]'");
    }

    @Test
    void invalidDate() throws IOException {
        assertPolicyError(BASE + "waivers:\n  - rule: datasets/file-added\n    reason: r\n    approvedBy: bob\n"
                + "    expires: 2030-02-30\n", 10, "'waivers[0].expires' has an invalid value '2030-02-30'",
                "expected a date");
    }

    @Test
    void invalidProvenanceDate() throws IOException {
        assertPolicyError(BASE + "      provenance:\n        collected: last summer\n", 7,
                "'datasets.sets[0].provenance.collected'", "last summer");
    }

    @Test
    void duplicateTopLevelKey() throws IOException {
        assertPolicyError("version: 1\nfailOn: high\nfailOn: low\n", 3, "'failOn'");
    }

    @Test
    void duplicateNestedKey() throws IOException {
        assertPolicyError(BASE + "      name: e\n", 6, "'name'");
    }

    @Test
    void duplicateWaiverIds() throws IOException {
        assertPolicyError(BASE + WAIVER + "  - id: w1\n    rule: datasets/file-removed\n    reason: r\n"
                + "    approvedBy: bob\n    expires: 2030-01-01\n", 12, "duplicate waiver id 'w1'");
    }

    @Test
    void duplicateDatasetNames() throws IOException {
        assertPolicyError(BASE + "    - name: d\n      path: other\n", 2, "two datasets are named 'd'");
    }

    @Test
    void invalidDatasetName() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  sets:\n    - name: '../x'\n      path: data\n", 4,
                "dataset name '../x'");
    }

    @Test
    void unknownRequiredProvenanceField() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  requireProvenance: [owner]\n  sets:\n    - name: d\n"
                + "      path: data\n", 2, "unknown provenance field 'owner'");
    }

    @Test
    void invalidYaml() throws IOException {
        assertPolicyError("version: 1\ndatasets: [a\n  b: c\n", 3, "not valid YAML");
    }

    @Test
    void invalidYamlIndentation() throws IOException {
        assertPolicyError("version: 1\ndatasets:\n  sets:\n   - name: d\n  path: x\n     y: z\n", 6, "not valid YAML");
    }

    @Test
    void moreThanOneDocument() throws IOException {
        assertPolicyError("version: 1\n---\nversion: 1\n", 3, "more than one YAML document");
    }

    @Test
    void emptyFile() throws IOException {
        assertPolicyError("", 0, "empty");
    }

    @Test
    void policyMustBeAMapping() throws IOException {
        assertPolicyError("- version: 1\n", 1, "must be a mapping");
    }

    @Test
    void nonUtf8Bytes() throws IOException {
        byte[] bytes = ("version: 1\nproject: caf\u00e9\nfailOn: high\n").getBytes(StandardCharsets.ISO_8859_1);
        assertPolicyError(bytes, 2, "not valid UTF-8");
    }

    @Test
    void tooLargeFile() throws IOException {
        StringBuilder yaml = new StringBuilder(BASE);
        while (yaml.length() <= YamlDocument.MAX_BYTES) {
            yaml.append("# ").append("x".repeat(78)).append('\n');
        }
        assertPolicyError(yaml.toString(), 0, "larger than " + YamlDocument.MAX_BYTES + " bytes");
    }

    @Test
    void parseRejectsTooLargeInputDirectly() {
        Path file = dir.resolve("big.yml");
        PolicyException e = assertThrows(PolicyException.class,
                () -> YamlDocument.parse(file, new byte[YamlDocument.MAX_BYTES + 1]));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void aliasBombIsRejected() throws IOException {
        String bomb = "version: 1\n"
                + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                + "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                + "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
                + "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
        assertPolicyError(bomb, 3, "alias", "'b[0]'");
    }

    @Test
    void aliasIsNeverReadAsTheAnchorName() throws IOException {
        // An alias must not silently turn into the text of its anchor's name.
        assertPolicyError("version: 1\nproject: &p data\ndatasets:\n  sets:\n    - name: d\n      path: *p\n", 6,
                "alias", "'datasets.sets[0].path'");
    }

    @Test
    void deepNestingIsRejected() throws IOException {
        Path file = write("version: 1\nproject: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        PolicyException e = assertThrows(PolicyException.class, () -> load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }

    @Test
    void unknownRuleInAWaiver() throws IOException {
        assertPolicyError(BASE + "waivers:\n  - rule: datasets/file-changed\n    reason: r\n    approvedBy: bob\n"
                + "    expires: 2030-01-01\n", 7, "unknown rule 'datasets/file-changed'", "datasets/file-modified");
    }

    @Test
    void unknownCheckInAWaiverWildcard() throws IOException {
        assertPolicyError(BASE + "waivers:\n  - rule: models/*\n    reason: r\n    approvedBy: bob\n"
                + "    expires: 2030-01-01\n", 7, "no check named 'models'");
    }

    @Test
    void unknownRuleInASeverityOverride() throws IOException {
        assertPolicyError(BASE + "severity:\n  datasets/file-added: low\n  datasets/nope: low\n", 8,
                "unknown rule 'datasets/nope'");
    }

    @Test
    void unknownSeverityInAnOverride() throws IOException {
        assertPolicyError(BASE + "severity:\n  datasets/file-added: urgent\n", 7, "'datasets/file-added'",
                "unknown severity 'urgent'");
    }

    @Test
    void policyRulesMayBeOverriddenAndWaived() throws IOException {
        Policy policy = load(write(BASE + "severity:\n  policy/waiver-expired: low\n"));
        assertEquals(Map.of("policy/waiver-expired", Severity.LOW), policy.severityOverrides());
    }

    @Test
    void invalidWaiverSubjectGlob() throws IOException {
        assertPolicyError(BASE + "waivers:\n  - rule: datasets/file-added\n    subject: 'data/[x'\n    reason: r\n"
                + "    approvedBy: bob\n    expires: 2030-01-01\n", 7, "'waivers[0]'", "data/[x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret/**", "/etc/**", "a/../../b", "C:/x", "a\\\\b"})
    void includeGlobsMustStayInside(String glob) throws IOException {
        assertPolicyError(BASE + "      include: ['" + glob + "']\n", 4, "include pattern", "not allowed");
    }

    @Test
    void excludeGlobsMustStayInside() throws IOException {
        assertPolicyError(BASE + "      exclude: ['../**']\n", 4, "exclude pattern '../**'", "'..' leaves");
    }

    @Test
    void invalidIncludeGlob() throws IOException {
        assertPolicyError(BASE + "      include: ['data/[x']\n", 4, "include pattern 'data/[x'");
    }

    @Test
    void missingPolicyFile() {
        Path file = dir.resolve("nope.yml");
        PolicyException e = assertThrows(PolicyException.class, () -> load(file));
        assertEquals(file + ": policy file not found", e.getMessage());
    }

    @Test
    void aTabIsReportedOnItsOwnLineAsTheParsersSnippetShows() throws IOException {
        PolicyException e = assertPolicyError("version: 1\n\ndatasets:\n\tsets: []\n", 4, "not valid YAML");
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }

    @Test
    void aVersionOutOfRangeIsAnErrorNotAWrappedOne() throws IOException {
        // asInt() read both as version 1.
        assertPolicyError("version: 4294967297\n", 1, "out of range");
        assertPolicyError("version: -4294967295\n", 1, "out of range");
        assertPolicyError("version: 1\nwaiverWarningDays: 18446744073709551630\n", 2, "waiverWarningDays");
    }

    @Test
    void yamlTagsAreErrorsNamingFileAndLine() throws IOException {
        assertPolicyError("version: 1\nproject: !!python/object:os.system echo\n", 2, "YAML tags",
                "python/object", "'project'");
        assertPolicyError("version: 1\nfailOn: !!str high\n", 2, "YAML tags");
        assertPolicyError("version: 1\n!!python/name:x project: a\n", 2, "YAML tags");
    }

    @Test
    void controlCharactersInKeysAreEscapedInTheMessage() throws IOException {
        PolicyException e = assertThrows(PolicyException.class, () -> load(write("version: 1\n\"a\\e[2Jb\": 1\n")));
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
        assertTrue(e.getMessage().contains("a\\x1b[2Jb"), e.getMessage());
    }

    @Test
    void rootsAreAListOfFolders() throws IOException {
        Policy policy = load(write("version: 1\nroots: [../shared, /mnt/data]\n"));
        assertEquals(List.of(dir.getParent().resolve("shared"), Path.of("/mnt/data")), policy.roots());
        assertPolicyError("version: 1\nroots: ../shared\n", 2, "'roots' must be a list");
        assertPolicyError("version: 1\nroots: [1]\n", 2, "must name a folder");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aFifoPolicyIsAnErrorAtOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"));
        Path fifo = dir.resolve("fifo.yml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        PolicyException e = assertThrows(PolicyException.class, () -> load(fifo));
        assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
        PolicyException directory = assertThrows(PolicyException.class, () -> load(dir));
        assertTrue(directory.getMessage().contains("directory"), directory.getMessage());
    }
}
