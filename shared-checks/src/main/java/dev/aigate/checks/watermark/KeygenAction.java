package dev.aigate.checks.watermark;

import dev.aigate.core.InputException;
import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionOption;
import dev.aigate.core.spi.ActionResult;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

/** {@code watermark keygen}: writes a random watermark key (hex) to a new file readable by its owner only. */
final class KeygenAction implements Action<WatermarkConfig> {
    

    @Override
    public String name() {
        return "keygen";
    }

    @Override
    public String summary() {
        return "Writes a random watermark key (hex, permissions 600) to --out. Keep it secret, outside the"
                + " repository.";
    }

    @Override
    public PolicyUse policy() {
        return PolicyUse.NONE;
    }

    @Override
    public List<ActionOption> options() {
        return List.of(ActionOption.path("out", "PATH", "Where to write the result (here: the key file).")
                .asRequired(), ActionOption.flag("force", "Overwrite files that exist."));
    }

    @Override
    public ActionResult run(WatermarkConfig config, ActionContext context) {
        Path out = context.arguments().path("out").orElseThrow();
        try {
            Ed25519Keys.writeSecret(out, WatermarkKey.generateHex() + "\n", context.arguments().flag("force"));
        } catch (FileAlreadyExistsException e) {
            throw new InputException(out, "already exists (give --force to overwrite)");
        } catch (IOException e) {
            throw new InputException(out, "cannot write the key: " + e.getMessage(), e);
        }
        return ActionResult.builder().info("wrote watermark key " + out + " (permissions 600); keep it secret")
                .wrote(out).build();
    }
}
