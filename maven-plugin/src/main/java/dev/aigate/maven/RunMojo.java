package dev.aigate.maven;

import dev.aigate.core.UsageException;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.CheckRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs any check action: {@code mvn aigate:run -Daigate.action=watermark:embed -Daigate.keyFile=keys/wm.key}. The
 * action's options come from {@code <options>} or from properties named {@code aigate.<option>} (the names
 * {@code aigate actions} lists); {@code <check>:verify} runs the check as a gate.
 */
@Mojo(name = "run", threadSafe = true)
public class RunMojo extends AbstractActionMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.run.skip", defaultValue = "false")
    private boolean skipRun;

    /** The action, written {@code <check>:<action>}, e.g. {@code datasets:lock}. */
    @Parameter(property = "aigate.action", required = true)
    private String action;

    /** The action's options by name, e.g. {@code <keyFile>keys/wm.key</keyFile>}; lists comma-separated. */
    @Parameter
    private Map<String, String> options = new LinkedHashMap<>();

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Override
    protected boolean goalSkipped() {
        return skipRun;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.run.skip";
    }

    @Override
    protected String checkId() {
        return part(0);
    }

    @Override
    protected String actionName() {
        return part(1);
    }

    private String part(int index) {
        String[] parts = action == null ? new String[0] : action.strip().split("[:\\s]+");
        if (parts.length != 2) {
            throw new UsageException("aigate.action must be written <check>:<action>, e.g. datasets:lock, not '"
                    + action + "'");
        }
        return parts[index];
    }

    @Override
    protected void run() throws MojoExecutionException, org.apache.maven.plugin.MojoFailureException {
        String check;
        String name;
        try {
            check = checkId();
            name = actionName();
        } catch (UsageException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        if (CheckRegistry.VERIFY.equals(name)) {
            report(gate().run(request(java.util.Set.of(check), java.util.Set.of(), overrides)));
            return;
        }
        super.run();
    }

    @Override
    protected Map<String, String> options() {
        Map<String, String> given = new LinkedHashMap<>();
        Action<?> declared = CheckRegistry.load().action(checkId(), actionName()).orElse(null);
        if (declared != null && session != null) {
            Properties properties = new Properties();
            properties.putAll(session.getSystemProperties());
            properties.putAll(session.getUserProperties());
            for (ActionOption option : declared.options()) {
                for (String optionName : option.givenNames()) {
                    String value = properties.getProperty("aigate." + optionName);
                    if (value != null) {
                        given.put(optionName, value);
                    }
                }
            }
        }
        if (options != null) {
            given.putAll(options);
        }
        return given;
    }
}
