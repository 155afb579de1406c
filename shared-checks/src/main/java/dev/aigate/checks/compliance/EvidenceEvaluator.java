package dev.aigate.checks.compliance;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.io.Digests;
import dev.aigate.core.policy.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides one evidence rule at a time and records what decided it: paths with their SHA-256, field values, check
 * verdicts, sign-offs. Every file it reads is recorded as an input of the compliance check.
 */
final class EvidenceEvaluator {
    /** Largest model card or key document read. */
    static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    /**
     * The decision on one rule.
     *
     * @param requirement what the rule asks for, in words
     * @param detail what was found, or what is missing and where it was looked for
     * @param evidence the details for the report (plain JSON values)
     * @param signoffOnly true when the rule is a sign-off rule (or alternatives of only sign-offs)
     * @param signoffExpired true when a sign-off exists but has expired (and none counts)
     */
    record Outcome(boolean met, String requirement, String detail, Map<String, Object> evidence,
            boolean signoffOnly, boolean signoffExpired) {
    }

    /** A parsed sign-off with its line in the sign-off file. */
    record SignoffEntry(SignoffFile.Signoff signoff, int line) {
    }

    private final ProjectFiles files;
    private final ComplianceConfig config;
    private final List<CheckResult> earlier;
    private final LocalDate today;
    private final String signoffFile;
    private final boolean signoffFileExists;
    private final Map<String, List<SignoffEntry>> signoffs;
    private final Map<String, InputDigest> inputs = new LinkedHashMap<>();
    private final Map<String, ModelCard> modelCards = new HashMap<>();
    private final Map<String, StructuredDocument> documents = new HashMap<>();
    private final Map<Path, Hashed> hashed = new HashMap<>();

    EvidenceEvaluator(ProjectFiles files, ComplianceConfig config, List<CheckResult> earlier, LocalDate today,
            boolean signoffFileExists, List<SignoffEntry> signoffs) {
        this.files = files;
        this.config = config;
        this.earlier = earlier;
        this.today = today;
        this.signoffFile = config.signoffs();
        this.signoffFileExists = signoffFileExists;
        this.signoffs = new HashMap<>();
        for (SignoffEntry entry : signoffs) {
            this.signoffs.computeIfAbsent(entry.signoff().item(), k -> new ArrayList<>()).add(entry);
        }
    }

    /** Every file read so far, each once. */
    List<InputDigest> inputs() {
        return List.copyOf(inputs.values());
    }

    void input(InputDigest input) {
        inputs.putIfAbsent(input.path(), input);
    }

    Outcome evaluate(EvidenceRule rule, String itemId) {
        switch (rule.type()) {
            case "file":
                return file(rule.file());
            case "modelCard":
                return modelCard(rule.modelCard());
            case "key":
                return key(rule.key());
            case "check":
                return check(rule.check());
            case "signoff":
                return signoff(rule.signoff(), itemId);
            default:
                return anyOf(rule.anyOf(), itemId);
        }
    }

    /** The reason the item does not apply, or empty when it does (including when the fact is not declared). */
    Optional<String> notApplicable(ApplicableIf condition) {
        Path path = files.resolve(condition.file());
        if (!files.isFile(path, "document")) {
            return Optional.empty();
        }
        StructuredDocument document = document(condition.file(), path);
        JsonNode value = document.at(condition.path());
        if (value == null || value.isNull() || matches(value, condition.equals())) {
            return Optional.empty();
        }
        return Optional.of("'" + condition.path() + "' is " + ModelCard.excerpt(value) + " in "
                + document.where(document.pointer(condition.path())) + "; the item applies only when it is "
                + ModelCard.excerpt(condition.equals()));
    }

    private Outcome file(EvidenceRule.FileRule rule) {
        String requirement = "a non-empty file matching '" + rule.glob() + "'";
        Map<String, Object> evidence = evidence("file");
        evidence.put("glob", rule.glob());
        List<Map<String, Object>> found = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        String first = null;
        for (ProjectFiles.Match match : files.glob(rule.glob())) {
            Hashed hashed = this.hashed.computeIfAbsent(match.path(), EvidenceEvaluator::hash);
            input(new InputDigest("compliance-evidence", match.relative(), hashed.size(), hashed.sha256()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", match.relative());
            entry.put("size", hashed.size());
            entry.put("sha256", hashed.sha256());
            entry.put("empty", !hashed.nonBlank());
            if (found.size() < 100) {
                found.add(entry);
            }
            if (hashed.nonBlank()) {
                if (first == null) {
                    first = match.relative() + " (" + hashed.size() + " bytes, sha256 " + hashed.sha256() + ")";
                }
            } else {
                empty.add(match.relative());
            }
        }
        evidence.put("files", found);
        if (first != null) {
            return met(requirement, first, evidence);
        }
        String where = "searched " + ProjectFiles.searchedDirectory(rule.glob());
        String detail = empty.isEmpty()
                ? "no file matches '" + rule.glob() + "' (" + where + ")"
                : "only empty files match '" + rule.glob() + "': " + String.join(", ", empty);
        return unmet(requirement, detail, evidence);
    }

    private Outcome modelCard(EvidenceRule.ModelCardRule rule) {
        String file = rule.file() != null ? rule.file() : config.modelCard();
        Map<String, Object> evidence = evidence("modelCard");
        evidence.put("file", file);
        String requirement;
        if (rule.section() != null) {
            evidence.put("section", rule.section());
            requirement = "model card " + file + " section " + quoted(rule.section()) + " with at least "
                    + rule.minWords() + " words";
        } else {
            evidence.put("field", rule.field());
            requirement = "model card " + file + " front matter field '" + rule.field() + "' with a value";
        }
        Path path = files.resolve(file);
        if (!files.isFile(path, "model card")) {
            return unmet(requirement, "model card " + file + " not found", evidence);
        }
        ModelCard card = modelCards.computeIfAbsent(file, name -> {
            byte[] bytes = files.readSmall(path, MAX_DOCUMENT_BYTES);
            input(new InputDigest("model-card", name, bytes.length, Digests.sha256Hex(bytes)));
            return ModelCard.parse(name, bytes);
        });
        evidence.put("sha256", inputs.get(file).sha256());
        if (rule.section() != null) {
            Optional<ModelCard.Section> section = card.section(rule.section());
            if (section.isEmpty()) {
                List<String> headings = new ArrayList<>();
                card.sections().forEach(s -> headings.add(s.heading()));
                return unmet(requirement, file + " has no section headed " + quoted(rule.section())
                        + " (headings found: " + (headings.isEmpty() ? "none" : String.join(", ", headings)) + ")",
                        evidence);
            }
            ModelCard.Section found = section.get();
            int words = found.words();
            evidence.put("line", found.line());
            evidence.put("heading", found.heading());
            evidence.put("words", words);
            evidence.put("excerpt", found.excerpt());
            if (words < rule.minWords()) {
                return unmet(requirement, "section '" + found.heading() + "' (" + file + ":" + found.line()
                        + ") has " + words + " word(s), fewer than " + rule.minWords()
                        + " (comments and placeholders do not count)", evidence);
            }
            return met(requirement, "section '" + found.heading() + "' (" + file + ":" + found.line() + ", " + words
                    + " words): \"" + found.excerpt() + "\"", evidence);
        }
        StructuredDocument front = card.frontMatter();
        if (front == null) {
            return unmet(requirement, file + " has no YAML front matter (a block between '---' lines at the top)",
                    evidence);
        }
        return keyValue(front, rule.field(), null, null, requirement, evidence);
    }

    private Outcome key(EvidenceRule.KeyRule rule) {
        Map<String, Object> evidence = evidence("key");
        evidence.put("file", rule.file());
        evidence.put("path", rule.path());
        String requirement = "'" + rule.path() + "' in " + rule.file() + (rule.equals() != null
                ? " equal to " + ModelCard.excerpt(rule.equals())
                : rule.oneOf() != null ? " one of " + rule.oneOf() : " with a value");
        Path path = files.resolve(rule.file());
        if (!files.isFile(path, "document")) {
            return unmet(requirement, rule.file() + " not found", evidence);
        }
        StructuredDocument document = document(rule.file(), path);
        evidence.put("sha256", inputs.get(rule.file()).sha256());
        return keyValue(document, rule.path(), rule.equals(), rule.oneOf(), requirement, evidence);
    }

    private Outcome keyValue(StructuredDocument document, String keyPath, JsonNode equals, List<JsonNode> oneOf,
            String requirement, Map<String, Object> evidence) {
        JsonPointer pointer = document.pointer(keyPath);
        JsonNode value = document.at(keyPath);
        if (value == null) {
            return unmet(requirement, "no key '" + keyPath + "' in " + document.name(), evidence);
        }
        String where = document.where(pointer);
        evidence.put("line", document.lineOf(pointer));
        evidence.put("value", ModelCard.excerpt(value));
        if (!ModelCard.hasValue(value)) {
            return unmet(requirement, "'" + keyPath + "' (" + where + ") is empty or a placeholder", evidence);
        }
        if (equals != null && !matches(value, equals)) {
            return unmet(requirement, "'" + keyPath + "' (" + where + ") is " + ModelCard.excerpt(value)
                    + ", expected " + ModelCard.excerpt(equals), evidence);
        }
        if (oneOf != null && oneOf.stream().noneMatch(allowed -> matches(value, allowed))) {
            return unmet(requirement, "'" + keyPath + "' (" + where + ") is " + ModelCard.excerpt(value)
                    + ", expected one of " + oneOf, evidence);
        }
        return met(requirement, "'" + keyPath + "' (" + where + ") = " + ModelCard.excerpt(value), evidence);
    }

    private Outcome check(EvidenceRule.CheckRule rule) {
        Map<String, Object> evidence = evidence("check");
        evidence.put("id", rule.id());
        String requirement = "check '" + rule.id() + "' ran in this gate and " + (rule.allowWarnings()
                ? "passed or warned" : "passed");
        CheckResult result = null;
        for (CheckResult candidate : earlier) {
            if (candidate.checkId().equals(rule.id())) {
                result = candidate;
            }
        }
        if (result == null) {
            evidence.put("verdict", "NOT_RUN");
            return unmet(requirement, "check '" + rule.id() + "' did not run in this gate (the policy has no '"
                    + rule.id() + ":' section, this aigate has no such check, or it was not selected)", evidence);
        }
        CheckStatus status = result.status();
        evidence.put("verdict", String.valueOf(status));
        evidence.put("violations", result.violations().size());
        evidence.put("inputs", result.inputs().size());
        String title = "check '" + rule.id() + "' (" + result.title() + ")";
        if (status == CheckStatus.PASSED || (status == CheckStatus.WARNED && rule.allowWarnings())) {
            return met(requirement, title + " " + status + " with " + result.violations().size()
                    + " violation(s), " + result.inputs().size() + " input(s)", evidence);
        }
        String why;
        switch (status == null ? CheckStatus.ERROR : status) {
            case SKIPPED:
                why = "was skipped (" + result.skipReason() + ")";
                break;
            case ERROR:
                why = "could not evaluate (" + result.error() + ")";
                break;
            case WARNED:
                why = "WARNED with " + result.violations().size() + " violation(s) below the failing level (set"
                        + " 'allowWarnings: true' on the rule to accept that)";
                break;
            default:
                why = status + " with " + result.violations().size() + " violation(s)";
        }
        return unmet(requirement, title + " " + why, evidence);
    }

    private Outcome signoff(EvidenceRule.SignoffRule rule, String itemId) {
        Map<String, Object> evidence = evidence("signoff");
        evidence.put("file", signoffFile);
        if (rule.role() != null) {
            evidence.put("role", rule.role());
        }
        String requirement = "a current sign-off of '" + itemId + "'" + (rule.role() == null ? ""
                : " by role '" + rule.role() + "'") + (rule.maxAgeDays() == null ? ""
                : " at most " + rule.maxAgeDays() + " days old") + " in " + signoffFile;
        if (!signoffFileExists) {
            return new Outcome(false, requirement, "sign-off file " + signoffFile + " not found", evidence, true,
                    false);
        }
        List<SignoffEntry> candidates = signoffs.getOrDefault(itemId, List.of());
        List<Map<String, Object>> listed = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        boolean expired = false;
        SignoffEntry valid = null;
        for (SignoffEntry entry : candidates) {
            SignoffFile.Signoff signoff = entry.signoff();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("approver", signoff.approver());
            row.put("role", signoff.role());
            row.put("date", signoff.date().toString());
            if (signoff.expires() != null) {
                row.put("expires", signoff.expires().toString());
            }
            row.put("line", entry.line());
            String where = signoffFile + ":" + entry.line();
            String problem = null;
            if (signoff.date().isAfter(today)) {
                problem = "dated " + signoff.date() + ", after today (" + today + ")";
            } else if (signoff.expiredOn(today)) {
                problem = "expired on " + signoff.expires();
                expired = true;
            } else if (rule.role() != null && !rule.role().equalsIgnoreCase(signoff.role())) {
                problem = "role '" + signoff.role() + "', not '" + rule.role() + "'";
            } else if (rule.maxAgeDays() != null
                    && ChronoUnit.DAYS.between(signoff.date(), today) > rule.maxAgeDays()) {
                problem = ChronoUnit.DAYS.between(signoff.date(), today) + " days old, more than "
                        + rule.maxAgeDays();
            }
            row.put("counts", problem == null);
            if (problem != null) {
                row.put("problem", problem);
                rejected.add("sign-off " + signoff.describe() + " (" + where + ") " + problem);
            } else if (valid == null) {
                valid = entry;
            }
            listed.add(row);
        }
        evidence.put("signoffs", listed);
        if (valid != null) {
            return new Outcome(true, requirement, "signed off " + valid.signoff().describe() + " (" + signoffFile
                    + ":" + valid.line() + ")", evidence, true, false);
        }
        String detail = candidates.isEmpty() ? "no sign-off of '" + itemId + "' in " + signoffFile
                : String.join("; ", rejected);
        return new Outcome(false, requirement, detail, evidence, true, expired);
    }

    private Outcome anyOf(List<EvidenceRule> rules, String itemId) {
        Map<String, Object> evidence = evidence("anyOf");
        List<Map<String, Object>> options = new ArrayList<>();
        List<String> requirements = new ArrayList<>();
        List<String> details = new ArrayList<>();
        boolean signoffOnly = true;
        boolean expired = false;
        Outcome winner = null;
        for (EvidenceRule rule : rules) {
            Outcome outcome = evaluate(rule, itemId);
            Map<String, Object> option = new LinkedHashMap<>(outcome.evidence());
            option.put("status", outcome.met() ? "met" : "unmet");
            option.put("detail", outcome.detail());
            options.add(option);
            requirements.add(outcome.requirement());
            details.add(outcome.detail());
            signoffOnly &= outcome.signoffOnly();
            expired |= outcome.signoffExpired();
            if (outcome.met() && winner == null) {
                winner = outcome;
            }
        }
        evidence.put("options", options);
        String requirement = "any of: " + String.join(" | ", requirements);
        if (winner != null) {
            return new Outcome(true, requirement, winner.detail(), evidence, signoffOnly, false);
        }
        return new Outcome(false, requirement, "none of the alternatives holds: " + String.join(" | ", details),
                evidence, signoffOnly, expired);
    }

    private StructuredDocument document(String relative, Path path) {
        return documents.computeIfAbsent(relative, name -> {
            byte[] bytes = files.readSmall(path, YamlDocument.MAX_BYTES);
            input(new InputDigest("compliance-evidence", name, bytes.length, Digests.sha256Hex(bytes)));
            return StructuredDocument.parse(name, bytes);
        });
    }

    /** Scalars compare by their text ({@code true}, {@code 1.5}, {@code consent}); text ignores case and edges. */
    static boolean matches(JsonNode value, JsonNode expected) {
        if (!value.isValueNode()) {
            return false;
        }
        return value.asText().strip().equalsIgnoreCase(expected.asText().strip());
    }

    private record Hashed(long size, String sha256, boolean nonBlank) {
    }

    private static Hashed hash(Path path) {
        MessageDigest digest = Digests.sha256();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        boolean nonBlank = false;
        try (InputStream in = dev.aigate.core.io.BoundedFiles.openRegular(path, "evidence file")) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
                size += read;
                for (int i = 0; !nonBlank && i < read; i++) {
                    byte b = buffer[i];
                    nonBlank = b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B;
                }
            }
        } catch (IOException e) {
            throw new InputException(path, "cannot read evidence file: " + e.getMessage(), e);
        }
        return new Hashed(size, HexFormat.of().formatHex(digest.digest()), nonBlank);
    }

    private static Map<String, Object> evidence(String type) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("type", type);
        return evidence;
    }

    private static Outcome met(String requirement, String detail, Map<String, Object> evidence) {
        return new Outcome(true, requirement, detail, evidence, false, false);
    }

    private static Outcome unmet(String requirement, String detail, Map<String, Object> evidence) {
        return new Outcome(false, requirement, detail, evidence, false, false);
    }

    private static String quoted(List<String> headings) {
        List<String> quoted = new ArrayList<>();
        headings.forEach(h -> quoted.add("'" + h + "'"));
        return String.join(" or ", quoted);
    }
}
