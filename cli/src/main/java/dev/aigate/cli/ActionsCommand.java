package dev.aigate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.JsonReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aigate actions}: every check and action this aigate offers, with their options. The JSON form is what the
 * Jenkins library ships as its action catalogue (a test compares the two).
 */
@Command(name = "actions", mixinStandardHelpOptions = true,
        description = "Lists every check and its actions (aigate <check> <action>) with their options.")
final class ActionsCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json.")
    GateOptions.OutputFormat format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CheckRegistry registry = CheckRegistry.load();
        if (format == GateOptions.OutputFormat.json) {
            out.println(JsonReport.mapper().writeValueAsString(catalogue(registry)));
        } else {
            for (Check<?> check : registry.all()) {
                out.println(check.id() + " - " + check.title());
                out.println("  aigate " + check.id() + " verify: runs the check (judges)");
                for (Action<?> action : check.actions()) {
                    out.println("  aigate " + check.id() + " " + action.name() + (action.judges() ? " (judges)" : "")
                            + ": " + action.summary());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The catalogue: checks, their actions (verify first), whether each judges, and its options. */
    static ObjectNode catalogue(CheckRegistry registry) {
        ObjectNode root = JsonReport.mapper().createObjectNode();
        root.put("catalogueVersion", 1);
        root.put("aigate", ToolVersion.get().replaceAll("\\s.*", ""));
        ArrayNode checks = root.putArray("checks");
        for (Check<?> check : registry.all()) {
            ObjectNode c = checks.addObject();
            c.put("id", check.id());
            c.put("title", check.title());
            ArrayNode actions = c.putArray("actions");
            ObjectNode verify = actions.addObject();
            verify.put("name", CheckRegistry.VERIFY);
            verify.put("judges", true);
            verify.put("policy", Action.PolicyUse.REQUIRED.name());
            verify.putArray("options");
            for (Action<?> action : check.actions()) {
                ObjectNode a = actions.addObject();
                a.put("name", action.name());
                a.put("judges", action.judges());
                a.put("policy", action.policy().name());
                ArrayNode options = a.putArray("options");
                for (ActionOption option : action.options()) {
                    ObjectNode o = options.addObject();
                    o.put("name", option.name());
                    o.put("kind", option.kind().name());
                    o.put("required", option.required());
                }
            }
        }
        return root;
    }
}
