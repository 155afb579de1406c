package dev.aigate.cli;

import dev.aigate.core.ToolVersion;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckRegistry;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code aigate} command: {@code gate}, {@code aigate <check> verify|<action>} for every check the registry holds,
 * {@code verify-report} and {@code actions}. Exit codes: 0 PASS or WARN (or an action done), 1 FAIL, 2 ERROR or usage
 * error.
 */
@Command(name = "aigate", mixinStandardHelpOptions = true, versionProvider = AigateCommand.Version.class,
        description = "AI security gates for build pipelines: verifies datasets and models against a policy"
                + " (aigate.yml) and writes a gate report.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL (a policy violation at or above the failing level)",
                "2:ERROR (the gate could not evaluate) or a usage error"})
public final class AigateCommand implements Runnable {
    public static final int EXIT_ERROR = 2;

    /** The commands that are not a check's; every check adds {@code aigate <check>}. */
    private static final List<Class<?>> FIXED = List.of(GateCommand.class, VerifyReportCommand.class,
            ActionsCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (gate, a check such as"
                + " 'datasets verify', verify-report or actions; see --help)");
    }

    public static void main(String[] args) {
        // Loads the policy binder and the report writers on the second core while the command line is parsed and
        // the checks run: a short-lived process otherwise pays for that class loading serially.
        dev.aigate.report.Warmup.start();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter terminalOut, PrintWriter terminalErr) {
        // Everything printed passes one escaping filter: no file name or YAML key can reach the terminal raw.
        PrintWriter out = new PrintWriter(dev.aigate.core.io.Printable.writer(terminalOut), true);
        PrintWriter err = new PrintWriter(dev.aigate.core.io.Printable.writer(terminalErr), true);
        String first = args.length > 0 ? args[0] : "";
        Class<?> fixed = fixed(first);
        boolean option = first.startsWith("-") && !first.equals("-h") && !first.equals("--help");
        // The check registry is loaded only for a command that needs it (not for gate, --version or verify-report).
        CheckRegistry registry = fixed == null && !option ? CheckRegistry.load() : null;
        Set<String> checkIds = registry == null ? Set.of() : new LinkedHashSet<>(registry.ids());
        String[] arguments = registry == null ? args : LegacyNames.rewrite(args, checkIds, err);
        CommandLine commandLine = new CommandLine(new AigateCommand());
        // Building picocli's model of every command costs start-up time; a run needs only the one it names.
        String named = arguments.length > 0 ? arguments[0] : "";
        if (fixed != null) {
            commandLine.addSubcommand(fixed);
        } else if (option) {
            // --version and the like need no subcommand model
        } else if (checkIds.contains(named)) {
            Check<?> check = registry.find(named).orElseThrow();
            commandLine.addSubcommand(named, new CommandLine(CheckCommands.of(check)));
        } else {
            FIXED.forEach(commandLine::addSubcommand);
            CheckCommands.all(registry).forEach((id, checkSpec) -> commandLine.addSubcommand(id,
                    new CommandLine(checkSpec)));
            commandLine.addSubcommand(new CommandLine.HelpCommand());
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        // No ANSI styling from picocli either: the escaping filter would print its escape sequences as text.
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setExitCodeExceptionMapper(e -> EXIT_ERROR);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // The gate could not do what was asked (a GateException names the file and the problem); a fault we did
            // not foresee still fails closed, with a message rather than a bare stack trace.
            Object problem = e instanceof dev.aigate.core.GateException ? e.getMessage() : e;
            cmd.getErr().println("aigate: ERROR: " + problem);
            if (e instanceof dev.aigate.core.UsageException) {
                cmd.getErr().println("(see 'aigate " + String.join(" ", commandPath(cmd)) + " --help')");
            }
            if (System.getenv("AIGATE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return EXIT_ERROR;
        });
        commandLine.setParameterExceptionHandler((e, parsed) -> {
            UsageErrorReport.writeIfJudging(e, parsed);
            return usageError(e);
        });
        try {
            return commandLine.execute(arguments);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * A usage error prints what is wrong, the nearest spellings of a mistyped option or command, and where the help
     * is: a line or three rather than the command's whole help, which would bury the one line that matters.
     */
    static int usageError(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("aigate: usage error: " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", suggestions) + "?");
            }
        }
        List<String> path = commandPath(cmd);
        err.println("Try 'aigate" + (path.isEmpty() ? "" : " " + String.join(" ", path)) + " --help' for its"
                + (cmd.getSubcommands().isEmpty() ? " options." : " commands and options."));
        err.flush();
        return EXIT_ERROR;
    }

    private static Class<?> fixed(String name) {
        return FIXED.stream().filter(type -> type.getAnnotation(Command.class).name().equals(name)).findFirst()
                .orElse(null);
    }

    private static List<String> commandPath(CommandLine command) {
        java.util.LinkedList<String> names = new java.util.LinkedList<>();
        for (CommandLine c = command; c != null && c.getParent() != null; c = c.getParent()) {
            names.addFirst(c.getCommandName());
        }
        return names;
    }

    /** Reads the version recorded at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"aigate " + ToolVersion.get()};
        }
    }
}
