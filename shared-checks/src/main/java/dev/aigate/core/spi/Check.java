package dev.aigate.core.spi;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Rule;
import java.util.List;

/**
 * A gate check. Implementations are found with {@link java.util.ServiceLoader}, so a new check plugs in without any
 * adapter (Maven, CLI, Jenkins) changing. The policy section named {@link #id()} is bound strictly to
 * {@link #configType()} and handed to {@link #run}.
 *
 * <p>A check reports what it found as findings; it never decides the verdict. When it cannot evaluate (unreadable or
 * malformed input) it throws {@link dev.aigate.core.GateException} with a message naming the file and the problem.
 *
 * @param <C> the type of the check's policy section
 */
public interface Check<C> {
    /** The policy section key and the prefix of every rule id, e.g. {@code datasets}. */
    String id();

    /** A human title for reports, e.g. "Dataset integrity and provenance". */
    String title();

    Class<C> configType();

    /** Every rule this check can raise, so waivers and severity overrides can be validated up front. */
    List<Rule> rules();

    /** Whether the configured section asks for this check to run (e.g. an {@code enabled: false} switch). */
    default boolean enabled(C config) {
        return true;
    }

    /**
     * The threshold keys a user may override from the command line or Maven ({@code <check id>.<key>=value}); the
     * check reads them from {@link CheckContext#overrides()}. Any other override is rejected as a usage error.
     */
    default java.util.Set<String> overridableKeys() {
        return java.util.Set.of();
    }

    /**
     * When this check runs relative to others: lower first, ties by id. A check that judges other checks' results
     * (such as a compliance checklist) uses a higher phase so that it sees them in
     * {@link CheckContext#earlierResults()}.
     */
    default int phase() {
        return 0;
    }

    CheckResult run(C config, CheckContext context);

    /**
     * The checks whose results this one judges, so that a run of this check alone (its {@code verify} action, a
     * Maven goal for it) includes them. A compliance checklist, for example, names the checks its items rely on.
     * Problems reading what decides this are left to {@link #run}, which reports them naming the file.
     */
    default java.util.Set<String> requires(C config, java.nio.file.Path baseDir) {
        return java.util.Set.of();
    }

    /**
     * What this check does besides its gate run (lock, embed, sign, init, scan...). Every check also has the implicit
     * action {@value dev.aigate.core.spi.CheckRegistry#VERIFY}: its gate run alone, with the checks it requires.
     */
    default List<Action<C>> actions() {
        return List.of();
    }
}
