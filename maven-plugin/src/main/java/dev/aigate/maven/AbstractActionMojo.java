package dev.aigate.maven;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.GateException;
import dev.aigate.core.spi.ActionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * A goal that runs a check's action through the core runner: the options it maps from its parameters are checked by
 * the core against the action's declaration. An action that judges is reported like the gate; one that makes
 * something logs what it made, and a problem ends the build with {@code MojoExecutionException}.
 */
abstract class AbstractActionMojo extends AbstractGateMojo {
    protected abstract String checkId();

    protected abstract String actionName();

    /** The action's options (option name to value) from this goal's parameters; null values are left out. */
    protected abstract Map<String, String> options() throws MojoExecutionException;

    @Override
    protected final Set<String> onlyChecks() {
        return Set.of(checkId());
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        ActionRunner runner = new ActionRunner(gate(), System.getenv());
        ActionRunner.Outcome outcome;
        try {
            outcome = runner.run(new ActionRunner.Request(checkId(), actionName(), request(Set.of(), Set.of(),
                    Map.of()), values(options())));
        } catch (GateException e) {
            throw new MojoExecutionException("aigate could not run '" + checkId() + " " + actionName() + "': "
                    + e.getMessage(), e);
        }
        if (outcome.judged() != null) {
            report(outcome.judged());
            return;
        }
        for (ActionResult.Message message : outcome.result().messages()) {
            if (message.warning()) {
                getLog().warn("aigate: " + message.text());
            } else {
                getLog().info("aigate: " + message.text());
            }
        }
    }

    /** Maven gives one string per parameter: lists are comma-separated. */
    private static Map<String, List<String>> values(Map<String, String> options) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        options.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                List<String> parts = new ArrayList<>();
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        parts.add(part.strip());
                    }
                }
                values.put(name, parts);
            }
        });
        return values;
    }

    static Map<String, String> options(String... nameValuePairs) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            if (nameValuePairs[i + 1] != null) {
                options.put(nameValuePairs[i], nameValuePairs[i + 1]);
            }
        }
        return options;
    }
}
