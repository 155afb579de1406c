package dev.aigate.maven;

import dev.aigate.checks.signature.ModelSigning;
import dev.aigate.checks.signature.ModelSigningPolicy;
import dev.aigate.core.GateException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Signs the model files the policy's {@code signature} section selects: an in-toto statement of every file's path,
 * size and SHA-256 in a DSSE envelope signed with Ed25519. The private key comes from a file or an environment
 * variable, never from the POM.
 */
@Mojo(name = "sign-model", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SignModelMojo extends AbstractAigateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.signModel.skip", defaultValue = "false")
    private boolean skipSignModel;

    /** The private key file (PEM, relative to the policy's directory); replaces the policy's key source. */
    @Parameter(property = "aigate.signModel.keyFile")
    private String keyFile;

    /** An environment variable holding the private key PEM; replaces the policy's key source. */
    @Parameter(property = "aigate.signModel.keyEnv")
    private String keyEnv;

    @Override
    protected boolean goalSkipped() {
        return skipSignModel;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.signModel.skip";
    }

    @Override
    protected void run() throws MojoExecutionException {
        try {
            ModelSigning.Signed signed = ModelSigningPolicy.sign(policy.toPath(), resolveAgainstPolicy(keyFile), keyEnv,
                    System.getenv());
            getLog().info("aigate: signed " + signed.files() + " file(s), " + signed.bytes() + " bytes, with key "
                    + signed.keyFingerprint() + " -> " + signed.signatureFile());
        } catch (GateException e) {
            throw new MojoExecutionException("aigate could not sign the model: " + e.getMessage(), e);
        }
    }
}
