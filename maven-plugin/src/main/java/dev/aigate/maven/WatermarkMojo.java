package dev.aigate.maven;

import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Embeds the secret watermark into every model of the policy's {@code watermark} section that names a {@code source},
 * writing the watermarked copy to its {@code path}. The key comes from a file or an environment variable (the policy's
 * {@code keyFile}/{@code keyEnv}, or the parameters below), never from the POM; it is never logged. The same as
 * {@code aigate:run -Daigate.action=watermark:embed}.
 */
@Mojo(name = "watermark", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class WatermarkMojo extends AbstractActionMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.watermark.skip", defaultValue = "false")
    private boolean skipGoal;

    /** A file holding the watermark key, relative to the policy's folder; replaces the policy's key source. */
    @Parameter(property = "aigate.watermark.keyFile")
    private String keyFile;

    /** An environment variable holding the watermark key (or its file's path); replaces the policy's key source. */
    @Parameter(property = "aigate.watermark.keyEnv")
    private String keyEnv;

    /** Replaces watermarked files that exist already (by default an existing output is an error). */
    @Parameter(property = "aigate.watermark.force", defaultValue = "false")
    private boolean force;

    @Override
    protected String checkId() {
        return "watermark";
    }

    @Override
    protected String actionName() {
        return "embed";
    }

    @Override
    protected Map<String, String> options() {
        return options("keyFile", keyFile, "keyEnv", keyEnv, "force", force ? "true" : null);
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.watermark.skip";
    }
}
