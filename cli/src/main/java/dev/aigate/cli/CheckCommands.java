package dev.aigate.cli;

import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code aigate <check>} for every registered check: its {@code verify} and each action it declares. */
final class CheckCommands {
    private CheckCommands() {
    }

    static CommandSpec of(Check<?> check) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(new NoAction(check.id()));
        spec.name(check.id()).mixinStandardHelpOptions(true);
        spec.usageMessage().description(check.title() + ": 'verify' runs the check; "
                + (check.actions().isEmpty() ? "it has no other action."
                : "its other actions: " + String.join(", ", check.actions().stream().map(Action::name).toList())
                + "."));
        CommandLine verify = new CommandLine(new Verify(check.id()));
        verify.getCommandSpec().usageMessage().description("Runs the '" + check.id() + "' check (" + check.title()
                + ") and the checks it requires, writes the reports and exits with the verdict. The same as 'aigate"
                + " gate --checks=" + check.id() + "'.");
        spec.addSubcommand(CheckRegistry.VERIFY, verify);
        for (Action<?> action : check.actions()) {
            spec.addSubcommand(action.name(), new CommandLine(ActionCommand.spec(check.id(), action)));
        }
        return spec;
    }

    /** {@code aigate <check>} alone names no action. */
    private static final class NoAction implements Runnable {
        private final String checkId;

        NoAction(String checkId) {
            this.checkId = checkId;
        }

        @Override
        public void run() {
            throw new IllegalStateException("aigate " + checkId + " needs an action");
        }
    }

    /** {@code aigate <check> verify}. */
    @CommandLine.Command(name = CheckRegistry.VERIFY, mixinStandardHelpOptions = true,
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:PASS or WARN", "1:FAIL", "2:ERROR or usage error"})
    static final class Verify implements Callable<Integer> {
        private final String checkId;

        @Mixin
        GateOptions options;

        @Mixin
        GateOptions.Overrides overrides;

        @Spec
        CommandSpec spec;

        Verify(String checkId) {
            this.checkId = checkId;
        }

        @Override
        public Integer call() {
            return GateRunner.gate(options, overrides.values, Set.of(checkId), Set.of(), spec.commandLine());
        }
    }

    /** Every check's commands by check id, for help. */
    static Map<String, CommandSpec> all(CheckRegistry registry) {
        Map<String, CommandSpec> specs = new LinkedHashMap<>();
        registry.all().forEach(check -> specs.put(check.id(), of(check)));
        return specs;
    }
}
