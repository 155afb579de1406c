package dev.aigate.core.spi;

import java.util.List;

/**
 * Something a check does besides judging in a gate run: write a lock, embed a watermark, sign, write starter files,
 * scan given paths. A check lists its actions in {@link Check#actions()}; the core runner loads the policy once,
 * binds the check's section, parses the options the action declares and runs it. Adapters are generated from these
 * declarations: {@code aigate <check> <action>} on the command line, a Maven goal, a Jenkins step.
 *
 * <p>An action that judges (its result is a {@link dev.aigate.core.CheckResult}) gets verdicts and reports like a gate
 * run; one that makes something returns what it made. Either way it throws {@link dev.aigate.core.GateException} when
 * it cannot do its work, with a message naming the file and the problem.
 *
 * @param <C> the check's policy section type
 */
public interface Action<C> {
    /** The name in {@code aigate <check> <name>}: lower case, words joined by '-', e.g. {@code verify-file}. */
    String name();

    /** One sentence for help and docs. */
    String summary();

    /** Whether the action needs the check's policy section, may use it, or never reads the policy. */
    PolicyUse policy();

    /** Whether the action judges (verdict, reports) rather than makes something. */
    default boolean judges() {
        return false;
    }

    /** The options it takes. Option names mean the same in every action (see {@link ActionOption}). */
    default List<ActionOption> options() {
        return List.of();
    }

    /**
     * Runs the action.
     *
     * @param config the check's bound section; null when the policy has none and {@link #policy()} allows that
     */
    ActionResult run(C config, ActionContext context);

    /** How an action relates to the policy file. */
    enum PolicyUse {
        /** The check's section must be present (its paths, keys and parameters say what to do). */
        REQUIRED,
        /** The section is used when present (e.g. an allowlist); the action also runs without a policy file. */
        OPTIONAL,
        /** The policy is not read. */
        NONE
    }
}
