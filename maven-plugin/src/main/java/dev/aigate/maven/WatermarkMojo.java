package dev.aigate.maven;

import dev.aigate.checks.watermark.WatermarkEmbedding;
import dev.aigate.checks.watermark.Watermarking;
import dev.aigate.core.GateException;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Embeds the secret watermark into every model of the policy's {@code watermark} section that names a {@code source},
 * writing the watermarked copy to its {@code path}. The key comes from a file or an environment variable (the policy's
 * {@code keyFile}/{@code keyEnv}, or the parameters below), never from the POM; it is never logged.
 */
@Mojo(name = "watermark", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class WatermarkMojo extends AbstractAigateMojo {
    /** Skips this goal only. */
    @Parameter(property = "aigate.watermark.skip", defaultValue = "false")
    private boolean skipWatermark;

    /** A file holding the watermark key (relative to the policy's directory); replaces the policy's key source. */
    @Parameter(property = "aigate.watermark.keyFile")
    private String keyFile;

    /** An environment variable holding the watermark key; replaces the policy's key source. */
    @Parameter(property = "aigate.watermark.keyEnv")
    private String keyEnv;

    @Override
    protected boolean goalSkipped() {
        return skipWatermark;
    }

    @Override
    protected String goalSkipProperty() {
        return "aigate.watermark.skip";
    }

    @Override
    protected void run() throws MojoExecutionException {
        List<Watermarking.Embedded> done;
        try {
            done = WatermarkEmbedding.embed(policy.toPath(), resolveAgainstPolicy(keyFile), keyEnv, System.getenv());
        } catch (GateException e) {
            throw new MojoExecutionException("aigate could not embed the watermark: " + e.getMessage(), e);
        }
        for (Watermarking.Embedded e : done) {
            getLog().info(String.format(Locale.ROOT, "aigate: watermarked %s -> %s (%s, %d carriers in %d tensors,"
                    + " key %s, self-check score %.2f)", e.input(), e.output(), e.format(), e.carriers(), e.tensors(),
                    e.keyFingerprint(), e.selfCheck().score()));
        }
    }
}
