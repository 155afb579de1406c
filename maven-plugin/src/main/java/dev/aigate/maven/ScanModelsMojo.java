package dev.aigate.maven;

import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Scans the given model files and folders for code that runs when they are loaded (pickle-based formats, Keras Lambda
 * layers, ONNX external-data escapes...), with or without a {@code models} policy section, and fails the build on
 * what it finds. The same as {@code aigate:run -Daigate.action=models:scan}.
 */
@Mojo(name = "scan-models", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ScanModelsMojo extends AbstractActionMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.scanModels.skip", defaultValue = "false")
    private boolean skipGoal;

    /** The files and folders to scan, relative to the policy's folder. */
    @Parameter(property = "aigate.models.paths", required = true)
    private List<String> paths;

    /** Unknown imports fail the build too, not only known-dangerous ones. */
    @Parameter(property = "aigate.models.strict", defaultValue = "false")
    private boolean strict;

    @Override
    protected String checkId() {
        return "models";
    }

    @Override
    protected String actionName() {
        return "scan";
    }

    @Override
    protected Map<String, String> options() {
        return options("paths", paths == null ? null : String.join(",", paths), "strict", strict ? "true" : null);
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.scanModels.skip";
    }
}
