package dev.aigate.core.spi;

import dev.aigate.core.CheckResult;
import dev.aigate.core.ProgressListener;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a check may use besides its own configuration: where relative paths start, the clock, how many threads it may
 * use, where to report progress, and the results of the checks that ran before it in the same gate.
 *
 * @param baseDir the directory of the policy file; every relative path in the policy resolves against it
 * @param overrides threshold overrides from the command line or Maven parameters, keyed like {@code check.key}
 * @param earlierResults the evaluated results (status set, waivers applied) of the checks that ran before this one
 * @param waivers tells which policy waiver (by id) would cover a finding, without using it up: for checks that
 *     summarise their own findings (e.g. a checklist marking an item waived). The evaluator still does the waiving.
 * @param roots the folders besides {@code baseDir} that the policy's paths may name (its {@code roots:})
 */
public record CheckContext(
        Path baseDir,
        Clock clock,
        int threads,
        ProgressListener progress,
        Map<String, String> overrides,
        List<CheckResult> earlierResults,
        java.util.function.Function<dev.aigate.core.Finding, java.util.Optional<String>> waivers,
        List<Path> roots) {

    public CheckContext(Path baseDir, Clock clock, int threads, ProgressListener progress,
            Map<String, String> overrides, List<CheckResult> earlierResults,
            java.util.function.Function<dev.aigate.core.Finding, java.util.Optional<String>> waivers) {
        this(baseDir, clock, threads, progress, overrides, earlierResults, waivers, null);
    }

    /** A context in which no waiver applies. */
    public CheckContext(Path baseDir, Clock clock, int threads, ProgressListener progress,
            Map<String, String> overrides, List<CheckResult> earlierResults) {
        this(baseDir, clock, threads, progress, overrides, earlierResults, null);
    }

    public CheckContext {
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(clock, "clock");
        progress = progress == null ? ProgressListener.NONE : progress;
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        earlierResults = earlierResults == null ? List.of() : List.copyOf(earlierResults);
        waivers = waivers == null ? finding -> java.util.Optional.empty() : waivers;
        roots = roots == null ? List.of() : List.copyOf(roots);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /** Where every path the policy or a file names must lie: resolve them through this. */
    public dev.aigate.core.files.ProjectRoot projectRoot() {
        return dev.aigate.core.files.ProjectRoot.of(baseDir, roots);
    }
}
