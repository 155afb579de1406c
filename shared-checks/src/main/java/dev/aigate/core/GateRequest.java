package dev.aigate.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an adapter asks the gate to do: which policy, which checks, and the overrides its user gave.
 *
 * @param only check ids to run; empty means every check the policy has a section for
 * @param skip check ids not to run, reported as skipped
 * @param failOn overrides the policy's failing level when not null
 * @param threads worker threads for checks that parallelise; 0 for one per processor; negative is a usage error
 * @param overrides threshold overrides ({@code check.key=value}), recorded in the report
 * @param project project name (and version) for reports, when the adapter knows it
 */
public record GateRequest(
        Path policyFile,
        Set<String> only,
        Set<String> skip,
        Severity failOn,
        int threads,
        Map<String, String> overrides,
        String project) {

    public static final int MAX_THREADS = 4096;

    public GateRequest {
        Objects.requireNonNull(policyFile, "policyFile");
        only = only == null ? Set.of() : Set.copyOf(only);
        skip = skip == null ? Set.of() : Set.copyOf(skip);
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        if (threads < 0 || threads > MAX_THREADS) {
            // a negative count is a typo, not a request for the default
            throw new UsageException("threads must be 0 (one per processor) to " + MAX_THREADS + ", not " + threads);
        }
        if (threads == 0) {
            threads = defaultThreads();
        }
    }

    public static GateRequest of(Path policyFile) {
        return new GateRequest(policyFile, Set.of(), Set.of(), null, 0, Map.of(), null);
    }

    public GateRequest withOnly(Set<String> checks) {
        return new GateRequest(policyFile, checks, skip, failOn, threads, overrides, project);
    }

    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
