package dev.aigate.cli;

import dev.aigate.checks.datasets.DatasetLocking;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigate lock}: records the datasets' files, digests and provenance in the lock file. */
@Command(name = "lock", aliases = "lock-datasets", mixinStandardHelpOptions = true,
        description = "Hashes every dataset named in the policy and writes the lock file (review and commit it).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:lock file written", "2:ERROR or usage error"})
final class LockCommand implements Callable<Integer> {
    @Option(names = {"-p", "--policy"}, paramLabel = "FILE", defaultValue = "aigate.yml",
            description = "The policy file (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads for hashing; 0 uses one per processor (default).")
    int threads;

    @Option(names = "--no-progress", description = "Do not print progress of long runs on standard error.")
    boolean noProgress;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int workers = threads > 0 ? threads : dev.aigate.core.GateRequest.defaultThreads();
        DatasetLocking.Summary summary = DatasetLocking.lock(policy, workers,
                noProgress ? null : ConsoleProgress.to(err));
        for (DatasetLocking.Locked dataset : summary.datasets()) {
            out.println("locked dataset '" + dataset.name() + "': " + dataset.files() + " file(s), "
                    + dataset.bytes() + " bytes, " + dataset.digest());
            if (!dataset.missingProvenance().isEmpty()) {
                out.println("  warning: lacks required provenance " + dataset.missingProvenance()
                        + "; verification will report it");
            }
        }
        out.println("wrote " + summary.lockFile() + "; review and commit it");
        return 0;
    }
}
