package dev.aigate.maven;

import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Signs the model files the policy's {@code signature} section selects. The private key comes from a file or an
 * environment variable, never from the POM; it is never logged. The same as
 * {@code aigate:run -Daigate.action=signature:sign}.
 */
@Mojo(name = "sign-model", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SignModelMojo extends AbstractActionMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.signModel.skip", defaultValue = "false")
    private boolean skipGoal;

    /** The private key file (PEM), relative to the policy's folder; replaces the policy's key source. */
    @Parameter(property = "aigate.signModel.keyFile")
    private String keyFile;

    /** An environment variable holding the private key PEM (or its file's path); replaces the policy's key source. */
    @Parameter(property = "aigate.signModel.keyEnv")
    private String keyEnv;

    @Override
    protected String checkId() {
        return "signature";
    }

    @Override
    protected String actionName() {
        return "sign";
    }

    @Override
    protected Map<String, String> options() {
        return options("keyFile", keyFile, "keyEnv", keyEnv);
    }

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.signModel.skip";
    }
}
