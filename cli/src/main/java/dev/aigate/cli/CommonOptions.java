package dev.aigate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the actions that make something (lock, embed, sign, init, keygen). */
final class CommonOptions {
    @Option(names = {"-p", "--policy"}, paramLabel = "FILE", defaultValue = "aigate.yml",
            description = "The policy file (default: ${DEFAULT-VALUE}); its folder is the project directory.")
    Path policy;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads; 0 uses one per processor (default).")
    int threads;

    @Option(names = "--no-progress", description = "Do not print progress of long runs on standard error.")
    boolean noProgress;
}
