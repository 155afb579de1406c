package dev.aigate.example.sizes;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.files.FileSet;
import dev.aigate.core.files.Glob;
import dev.aigate.core.io.Digests;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import dev.aigate.core.view.View;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Fails the gate when a file under a directory is larger than the policy allows. */
public final class SizesCheck implements Check<SizesConfig> {
    static final Rule TOO_LARGE = new Rule("sizes/too-large", Severity.HIGH,
            "A file is larger than the policy allows.", "Shrink the file, or raise 'maxBytes' in review.");

    @Override
    public String id() {
        return "sizes";
    }

    @Override
    public String title() {
        return "File sizes";
    }

    @Override
    public Class<SizesConfig> configType() {
        return SizesConfig.class;
    }

    @Override
    public List<Rule> rules() {
        return List.of(TOO_LARGE);
    }

    @Override
    public List<Action<SizesConfig>> actions() {
        return List.of(new ReportAction());
    }

    @Override
    public CheckResult run(SizesConfig config, CheckContext context) {
        Path root = context.baseDir().resolve(config.path()).normalize();
        CheckResult.Builder result = CheckResult.builder(id(), title());
        long largest = 0;
        for (FileSet.Entry file : FileSet.under(root, "sizes directory").include(Glob.all(config.include())).list()) {
            String subject = config.path() + "/" + file.relative();
            try {
                result.input(new InputDigest("file", subject, file.size(), Digests.sha256Hex(file.path())));
            } catch (IOException e) {
                throw new dev.aigate.core.InputException(file.path(), "cannot read: " + e.getMessage(), e);
            }
            largest = Math.max(largest, file.size());
            if (file.size() > config.maxBytes()) {
                result.finding(Finding.of(TOO_LARGE, subject + ": " + file.size() + " bytes, more than the "
                        + config.maxBytes() + " allowed").subject(subject).expected("<= " + config.maxBytes())
                        .actual(file.size()).build());
            }
        }
        result.metric("largestBytes", largest);
        result.view(new View.Gauge("Largest file", "bytes", largest, config.maxBytes(), 2.0 * config.maxBytes()));
        return result.build();
    }
}
