package dev.aigate.core;

import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A configurable check for gate tests. Its rules are {@code <id>/info}, {@code <id>/low}, {@code <id>/medium},
 * {@code <id>/high} and {@code <id>/critical}, each with the severity it is named after.
 */
public final class FakeCheck implements Check<FakeCheck.Config> {
    /** The check's policy section: {@code <id>: {}} or {@code <id>: {enabled: false}}. */
    public record Config(Boolean enabled, String label) {
    }

    /** What the check does when it runs. */
    @FunctionalInterface
    public interface Body {
        List<Finding> run(FakeCheck check, CheckContext context);
    }

    private final String id;
    private final Body body;
    private final List<Rule> rules = new ArrayList<>();
    /** Every context the check was run with, in order. */
    public final List<CheckContext> contexts = new CopyOnWriteArrayList<>();

    public FakeCheck(String id, Body body) {
        this.id = id;
        this.body = body;
        for (Severity severity : Severity.values()) {
            rules.add(new Rule(id + "/" + severity.label(), severity, "a " + severity.label() + " problem",
                    "fix the " + severity.label() + " problem"));
        }
    }

    public static FakeCheck passing(String id) {
        return new FakeCheck(id, (check, context) -> List.of());
    }

    /** Raises one finding per {@code "severity:subject"} (subject may be empty, meaning none). */
    public static FakeCheck reporting(String id, String... findings) {
        return new FakeCheck(id, (check, context) -> {
            List<Finding> list = new ArrayList<>();
            for (String spec : findings) {
                int colon = spec.indexOf(':');
                String severity = colon < 0 ? spec : spec.substring(0, colon);
                String subject = colon < 0 || colon == spec.length() - 1 ? null : spec.substring(colon + 1);
                list.add(check.finding(severity, subject));
            }
            return list;
        });
    }

    public static FakeCheck throwing(String id, RuntimeException exception) {
        return new FakeCheck(id, (check, context) -> {
            throw exception;
        });
    }

    public Rule rule(String severity) {
        return rules.stream().filter(r -> r.id().equals(id + "/" + severity)).findFirst().orElseThrow();
    }

    public Finding finding(String severity, String subject) {
        return Finding.of(rule(severity), (subject == null ? id : subject) + ": a " + severity + " problem")
                .subject(subject).expected("fine").actual("not fine").build();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return "Fake check " + id;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public java.util.Set<String> overridableKeys() {
        return java.util.Set.of("threshold");
    }

    @Override
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    @Override
    public boolean enabled(Config config) {
        return config.enabled() == null || config.enabled();
    }

    @Override
    public CheckResult run(Config config, CheckContext context) {
        contexts.add(context);
        CheckResult.Builder result = CheckResult.builder(id, title());
        body.run(this, context).forEach(result::finding);
        result.input(new InputDigest("fake-input", id + "/input.bin", 3,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        result.metric("label", config.label());
        return result.build();
    }
}
