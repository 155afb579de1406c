package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each built-in profile loads strictly and cites its sources. */
class ProfilesTest {
    /** Checks that give evidence today or are planned: a profile must not name any other. */
    static final Set<String> KNOWN_CHECKS = Set.of("datasets", "poisoning", "robustness", "privacy", "watermark", "signature");

    static List<String> profiles() {
        return Profiles.NAMES;
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void loadsAndEveryItemCitesItsSourceAndHasEvidence(String profile) {
        Checklist checklist = ChecklistLoader.loadProfile(profile);
        assertFalse(checklist.items().isEmpty());
        assertEquals(1, checklist.sources().size());
        assertEquals("builtin/" + profile + ".yml", checklist.sources().get(0).name());
        for (Checklist.Item item : checklist.items()) {
            ItemSpec spec = item.spec();
            assertFalse(spec.references().isEmpty(), spec.id() + " cites nothing");
            assertFalse(spec.effectiveEvidence().isEmpty(), spec.id());
            assertTrue(item.definedAt().startsWith("builtin/" + profile + ".yml:"), item.definedAt());
            assertTrue(spec.notApplicable() == null, spec.id());
            List<String> checks = new ArrayList<>();
            spec.evidence().forEach(rule -> rule.checkIds(checks));
            assertTrue(KNOWN_CHECKS.containsAll(checks), spec.id() + " names " + checks);
        }
    }

    @Test
    void euAiActCoversArticles9To15And72AndAnnexIvPoints1To9() {
        Set<String> refs = refs("eu-ai-act-high-risk");
        for (String article : List.of("Art. 9(1)", "Art. 10(2)", "Art. 11(1)", "Art. 12(1)", "Art. 13(3)(b)",
                "Art. 14(4)", "Art. 15(1)", "Art. 15(5)", "Art. 72(1)", "Art. 72(3)")) {
            assertTrue(refs.contains("eu-ai-act " + article), article + " in " + refs);
        }
        for (int point = 1; point <= 9; point++) {
            assertTrue(refs.contains("eu-ai-act Annex IV point " + point), "Annex IV point " + point);
        }
        Checklist checklist = ChecklistLoader.loadProfile("eu-ai-act-high-risk");
        assertEquals(List.of("robustness"), checkIds(checklist, "eu-ai-act/art-15-robustness"));
        assertTrue(checklist.item("eu-ai-act/art-14").orElseThrow().spec().manual());
    }

    @Test
    void nistAiRmfCitesSubcategoriesOfAllFourFunctions() {
        Set<String> refs = refs("nist-ai-rmf");
        for (String function : List.of("GOVERN", "MAP", "MEASURE", "MANAGE")) {
            assertTrue(refs.stream().anyMatch(r -> r.matches("nist-ai-rmf " + function + " \\d+\\.\\d+")), function);
        }
        assertTrue(refs.contains("nist-ai-rmf MEASURE 2.7"));
        assertEquals(List.of("robustness", "datasets"), checkIds(ChecklistLoader.loadProfile("nist-ai-rmf"),
                "nist-ai-rmf/measure-2.7"));
    }

    @Test
    void owaspHasMl01ToMl10LinkedToTheirChecks() {
        Checklist checklist = ChecklistLoader.loadProfile("owasp-ml-top10");
        List<String> ids = checklist.items().stream().map(Checklist.Item::id).toList();
        assertEquals(List.of("owasp-ml/ML01", "owasp-ml/ML02", "owasp-ml/ML03", "owasp-ml/ML04", "owasp-ml/ML05",
                "owasp-ml/ML06", "owasp-ml/ML07", "owasp-ml/ML08", "owasp-ml/ML09", "owasp-ml/ML10"), ids);
        assertEquals(List.of("robustness"), checkIds(checklist, "owasp-ml/ML01"));
        assertEquals(List.of("datasets", "poisoning"), checkIds(checklist, "owasp-ml/ML02"));
        assertEquals(List.of("privacy"), checkIds(checklist, "owasp-ml/ML04"));
        assertEquals(List.of("watermark"), checkIds(checklist, "owasp-ml/ML05"));
        assertEquals(List.of("signature", "datasets"), checkIds(checklist, "owasp-ml/ML06"));
        assertEquals(List.of("signature"), checkIds(checklist, "owasp-ml/ML10"));
        assertTrue(refs("owasp-ml-top10").contains("owasp-ml-top10 ML10:2023 Model Poisoning"));
    }

    @Test
    void privacyCitesGdprAndCcpaAndDependsOnThePersonalDataDeclaration() {
        Set<String> refs = refs("privacy");
        for (String ref : List.of("gdpr Art. 6(1)", "gdpr Art. 35(1)", "gdpr Art. 5(1)(c)", "gdpr Art. 5(1)(e)",
                "gdpr Art. 25(1)", "ccpa Cal. Civ. Code 1798.100(a)(3)")) {
            assertTrue(refs.contains(ref), ref + " in " + refs);
        }
        Checklist checklist = ChecklistLoader.loadProfile("privacy");
        assertEquals(List.of("privacy"), checkIds(checklist, "privacy/membership-inference"));
        for (Checklist.Item item : checklist.items()) {
            if (!item.id().equals("privacy/personal-data")) {
                assertEquals("personalData", item.spec().applicableIf().path(), item.id());
            }
        }
    }

    @Test
    void idsAreUniqueAcrossProfilesSoTheyCanBeCombined() {
        Set<String> seen = new TreeSet<>();
        for (String profile : Profiles.NAMES) {
            for (Checklist.Item item : ChecklistLoader.loadProfile(profile).items()) {
                assertTrue(seen.add(item.id()), item.id());
            }
        }
    }

    private static Set<String> refs(String profile) {
        return ChecklistLoader.loadProfile(profile).items().stream()
                .flatMap(item -> item.spec().references().stream()).map(Reference::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> checkIds(Checklist checklist, String id) {
        List<String> ids = new ArrayList<>();
        checklist.item(id).orElseThrow().spec().evidence().forEach(rule -> rule.checkIds(ids));
        return ids;
    }
}
