package dev.aigate.maven;

import dev.aigate.checks.signature.SignatureCheck;
import java.util.Set;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the model files against their signature: fails on a signature that no trusted key verifies and on every
 * modified, added or removed file, naming it; records the signer's key fingerprint in the report.
 */
@Mojo(name = "verify-model-signature", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyModelSignatureMojo extends AbstractGateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.verifyModelSignature.skip", defaultValue = "false")
    private boolean skipVerifyModelSignature;

    @Override
    protected boolean goalSkipped() {
        return skipVerifyModelSignature;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.verifyModelSignature.skip";
    }

    @Override
    protected Set<String> onlyChecks() {
        return Set.of(SignatureCheck.ID);
    }
}
