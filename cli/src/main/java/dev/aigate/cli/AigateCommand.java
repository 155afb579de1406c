package dev.aigate.cli;

import dev.aigate.core.ToolVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code aigate} command. Exit codes: 0 PASS or WARN, 1 FAIL, 2 ERROR or usage error.
 */
@Command(name = "aigate", mixinStandardHelpOptions = true, versionProvider = AigateCommand.Version.class,
        description = "AI security gates for build pipelines: verifies datasets and models against a policy"
                + " (aigate.yml) and writes a gate report.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL (a policy violation at or above the failing level)",
                "2:ERROR (the gate could not evaluate) or a usage error"})
public final class AigateCommand implements Runnable {
    public static final int EXIT_ERROR = 2;

    /** Every command by name, in help order; aliases are declared on the commands themselves. */
    private static final java.util.Map<String, Class<?>> COMMANDS = commands();

    private static java.util.Map<String, Class<?>> commands() {
        java.util.Map<String, Class<?>> commands = new java.util.LinkedHashMap<>();
        for (Class<?> type : java.util.List.of(GateCommand.class, VerifyCommand.class, LockCommand.class,
                RobustnessCommand.class, ComplianceCommand.class, WatermarkCommand.class, SignCommand.class,
                VerifySignatureCommand.class, KeygenCommand.class, VerifyReportCommand.class)) {
            Command command = type.getAnnotation(Command.class);
            commands.put(command.name(), type);
            for (String alias : command.aliases()) {
                commands.put(alias, type);
            }
        }
        return commands;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (gate, verify, lock,"
                + " robustness, compliance, watermark, sign, verify-signature, keygen or verify-report; see --help)");
    }

    public static void main(String[] args) {
        // Loads the policy binder and the report writers on the second core while the command line is parsed and
        // the checks run: a short-lived process otherwise pays for that class loading serially.
        dev.aigate.report.Warmup.start();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new AigateCommand());
        // Building picocli's model of every command costs start-up time; a run needs only the one it names.
        Class<?> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(named);
        } else {
            new java.util.LinkedHashSet<>(COMMANDS.values()).forEach(commandLine::addSubcommand);
            commandLine.addSubcommand(new CommandLine.HelpCommand());
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> EXIT_ERROR);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // The gate could not do what was asked (a GateException names the file and the problem); a fault we did
            // not foresee still fails closed, with a message rather than a bare stack trace.
            Object problem = e instanceof dev.aigate.core.GateException ? e.getMessage() : e;
            cmd.getErr().println("aigate: ERROR: " + problem);
            if (System.getenv("AIGATE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return EXIT_ERROR;
        });
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            UsageErrorReport.writeIfGateCommand(e, arguments);
            return usage.handleParseException(e, arguments);
        });
        return commandLine.execute(args);
    }

    /** Reads the version recorded at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"aigate " + ToolVersion.get()};
        }
    }
}
