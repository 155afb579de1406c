package dev.aigate.cli;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import dev.aigate.core.spi.CheckRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code aigate <check> <action>}, generated from the action's declaration: its options become command-line options
 * ({@code minElements} as {@code --min-elements}, a key {@code key} as {@code --key-file} / {@code --key-env}, the
 * operands as positional parameters), the core checks their values, and the outcome is printed (or, for an action that
 * judges, reported like a gate run).
 */
final class ActionCommand implements Callable<Integer> {
    private final String checkId;
    private final Action<?> action;
    private final GateOptions report;
    private final CommonOptions common;
    private CommandSpec spec;

    private ActionCommand(String checkId, Action<?> action) {
        this.checkId = checkId;
        this.action = action;
        this.report = action.judges() ? new GateOptions() : null;
        this.common = action.judges() ? null : new CommonOptions();
    }

    /** The command's specification, options declared by the action. */
    static CommandSpec spec(String checkId, Action<?> action) {
        ActionCommand command = new ActionCommand(checkId, action);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        command.spec = spec;
        spec.name(action.name()).mixinStandardHelpOptions(true);
        spec.usageMessage().description(action.summary())
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes(action));
        spec.addMixin("options", CommandSpec.forAnnotatedObject(action.judges() ? command.report : command.common));
        for (ActionOption option : action.options()) {
            add(spec, option);
        }
        return spec;
    }

    private static Map<String, String> exitCodes(Action<?> action) {
        Map<String, String> codes = new LinkedHashMap<>();
        if (action.judges()) {
            codes.put("0", "PASS or WARN");
            codes.put("1", "FAIL");
        } else {
            codes.put("0", "done");
        }
        codes.put("2", "ERROR or usage error");
        return codes;
    }

    private static void add(CommandSpec spec, ActionOption option) {
        String description = option.description() + (option.required() ? " (required)" : "");
        switch (option.kind()) {
            case PATHS -> spec.addPositional(PositionalParamSpec.builder().paramLabel(option.label())
                    .arity(option.required() ? "1..*" : "0..*").type(List.class).auxiliaryTypes(String.class)
                    .description(description).build());
            case FLAG -> spec.addOption(OptionSpec.builder("--" + ActionOption.kebab(option.name()))
                    .type(boolean.class).description(description).build());
            case LIST -> spec.addOption(OptionSpec.builder("--" + ActionOption.kebab(option.name()))
                    .paramLabel(option.label()).type(List.class).auxiliaryTypes(String.class).splitRegex(",")
                    .description(description + " Repeatable or comma-separated.").build());
            case KEY -> {
                spec.addOption(OptionSpec.builder("--" + ActionOption.kebab(option.name()) + "-file")
                        .paramLabel("FILE").type(String.class).description(description + " A file holding it;"
                                + " relative to the project directory.").build());
                spec.addOption(OptionSpec.builder("--" + ActionOption.kebab(option.name()) + "-env")
                        .paramLabel("VARIABLE").type(String.class).description("Like --"
                                + ActionOption.kebab(option.name()) + "-file, with the key (or the path of its file)"
                                + " in this environment variable.").build());
            }
            default -> spec.addOption(OptionSpec.builder(names(option)).paramLabel(option.label())
                    .type(String.class).description(description).build());
        }
    }

    private static String[] names(ActionOption option) {
        String name = "--" + ActionOption.kebab(option.name());
        return option.name().equals("out") ? new String[] {"-o", name} : new String[] {name};
    }

    /** The values given, by the action's option names, for the core to check. */
    private Map<String, List<String>> given() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (ActionOption option : action.options()) {
            if (option.kind() == ActionOption.Kind.PATHS) {
                List<String> operands = strings(spec.positionalParameters().get(0).getValue());
                if (!operands.isEmpty()) {
                    values.put(option.name(), operands);
                }
                continue;
            }
            for (String name : option.givenNames()) {
                String cliName = "--" + ActionOption.kebab(name);
                if (!spec.commandLine().getParseResult().hasMatchedOption(cliName)) {
                    continue;
                }
                Object value = spec.findOption(cliName).getValue();
                values.put(name, option.kind() == ActionOption.Kind.FLAG ? List.of(String.valueOf(value))
                        : strings(value));
            }
        }
        return values;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        Path policy = report != null ? report.policy : common.policy;
        boolean noProgress = report != null ? report.noProgress : common.noProgress;
        Gate gate = new Gate(CheckRegistry.load(), Clock.systemUTC(), noProgress ? null
                : ConsoleProgress.to(commandLine.getErr()));
        GateRequest request = report != null
                ? new GateRequest(policy, Set.of(), Set.of(), report.failOn, report.threads, Map.of(), report.project)
                : new GateRequest(policy, Set.of(), Set.of(), null, common.threads, Map.of(), null);
        ActionRunner.Outcome outcome;
        try {
            outcome = new ActionRunner(gate, System.getenv()).run(new ActionRunner.Request(checkId, action.name(),
                    request, given()));
        } catch (dev.aigate.core.UsageException e) {
            if (report != null) {
                // A judging command leaves an ERROR report even for a usage error, for pipelines that read it.
                dev.aigate.report.GateExecution.report(gate.failedBeforeChecks(request, gate.clock().instant(),
                        "usage error: " + e.getMessage()), report.reportDir, null);
            }
            throw e;
        }
        if (outcome.judged() != null) {
            return GateRunner.judged(outcome, report, policy.toAbsolutePath().normalize().getParent(), commandLine);
        }
        PrintWriter out = commandLine.getOut();
        for (ActionResult.Message message : outcome.result().messages()) {
            out.println(message.warning() ? "warning: " + message.text() : message.text());
        }
        out.flush();
        return 0;
    }
}
