package dev.aigate.checks.compliance;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonPointer;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import dev.aigate.core.policy.ConfigBinder;
import dev.aigate.core.policy.YamlDocument;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The compliance check's readers of project files on arbitrary bytes: the model card (front matter and sections),
 * the checklist and the sign-off file. Each returns its result or a {@link GateException} naming the file; never
 * another exception, never more than the timeout. {@code mvn verify} replays {@code ComplianceFuzzTestInputs/<harness>/};
 * {@code tools/fuzz/campaign.sh} fuzzes.
 */
class ComplianceFuzzTest {
    private static final Path PROJECT = FuzzFiles.folder("compliance");

    @FuzzTest(maxDuration = "60s")
    void modelCard(byte[] data) {
        ModelCard card;
        try {
            card = ModelCard.parse("MODEL_CARD.md", data);
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "MODEL_CARD.md");
            return;
        }
        for (ModelCard.Section section : card.sections()) {
            ModelCard.words(section.text());
            ModelCard.excerpt(section.text());
        }
        card.section(List.of("Intended use", "Limitations"));
        if (card.frontMatter() != null) {
            ModelCard.hasValue(card.frontMatter().root());
            ModelCard.excerpt(card.frontMatter().root());
            card.frontMatter().where(JsonPointer.compile("/license"));
        }
    }

    @FuzzTest(maxDuration = "60s")
    void checklist(byte[] data) {
        FuzzFiles.write(PROJECT.resolve("checklist.yml"), data);
        try {
            Checklist checklist = new ChecklistLoader(PROJECT).load("checklist.yml");
            for (Checklist.Item item : checklist.items()) {
                item.origin();
            }
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "checklist.yml");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void signoffs(byte[] data) {
        try {
            YamlDocument document = YamlDocument.parse(Path.of("signoffs.yml"), data);
            SignoffFile file = ConfigBinder.bind(document, JsonPointer.empty(), SignoffFile.class);
            for (SignoffFile.Signoff signoff : file.signoffs()) {
                signoff.expiredOn(LocalDate.of(2026, 1, 1));
                signoff.describe();
            }
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "signoffs.yml");
        }
    }
}
