package dev.aigate.core.spi;

import dev.aigate.core.PolicyException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.keys.KeySource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an action may use besides its check's policy section.
 *
 * @param baseDir the project directory: the policy's folder, or the working directory of a policy-free run; every
 *     relative path (options and policy alike) resolves against it
 * @param policyFile the policy the section came from, or null when none was read
 * @param arguments the options given, validated against the action's declaration
 * @param environment where key variables are looked up
 * @param threads worker threads the action may use, at least 1
 * @param roots the folders besides {@code baseDir} that paths may name (the policy's {@code roots:})
 */
public record ActionContext(
        Path baseDir,
        Path policyFile,
        ActionArguments arguments,
        Map<String, String> environment,
        Clock clock,
        int threads,
        ProgressListener progress,
        java.util.List<Path> roots) {

    public ActionContext(Path baseDir, Path policyFile, ActionArguments arguments, Map<String, String> environment,
            Clock clock, int threads, ProgressListener progress) {
        this(baseDir, policyFile, arguments, environment, clock, threads, progress, null);
    }

    public ActionContext {
        baseDir = baseDir.toAbsolutePath().normalize();
        Objects.requireNonNull(arguments, "arguments");
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        Objects.requireNonNull(clock, "clock");
        progress = progress == null ? ProgressListener.NONE : progress;
        roots = roots == null ? java.util.List.of() : java.util.List.copyOf(roots);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /**
     * The key to use: the one given to the action (option {@code option}), else the policy's.
     *
     * @param fromPolicy the policy section's source, if it names one
     * @param what what the key is, for messages ("watermark key")
     */
    public KeySource key(String option, Optional<KeySource> fromPolicy, String what) {
        return KeySource.first(arguments.key(option), fromPolicy).orElseThrow(() -> new PolicyException("no "
                + what + ": give --" + ActionOption.kebab(option) + "-file or --" + ActionOption.kebab(option)
                + "-env (Maven: " + option + "File / " + option + "Env)"
                + (policyFile == null ? "" : ", or name one in " + policyFile)));
    }

    /** Reads a key's material (see {@link KeySource#read}). */
    public KeySource.Secret read(KeySource source, String what) {
        return source.read(baseDir, environment, what);
    }

    /** Where every path the policy or an option names must lie: resolve them through this. */
    public dev.aigate.core.files.ProjectRoot projectRoot() {
        return dev.aigate.core.files.ProjectRoot.of(baseDir, roots);
    }
}
