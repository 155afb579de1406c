package dev.aigate.cli;

import dev.aigate.checks.signature.Ed25519Keys;
import dev.aigate.checks.watermark.WatermarkKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigate keygen}: writes an Ed25519 key pair (or, with --watermark, a watermark key). */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Writes an Ed25519 signing key pair: OUT.key (PEM PKCS#8, permissions 600) and OUT.pub (PEM)."
                + " With --watermark, writes a random watermark key (hex, permissions 600) to OUT.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "2:ERROR or usage error"})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, paramLabel = "PATH", required = true,
            description = "Key pair prefix (writes PATH.key and PATH.pub), or the watermark key file.")
    Path out;

    @Option(names = "--watermark", description = "Write a watermark key instead of a signing key pair.")
    boolean watermark;

    @Option(names = "--force", description = "Overwrite existing key files.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (watermark) {
                Ed25519Keys.writeSecret(out, WatermarkKey.generateHex() + "\n", force);
                stdout.println("wrote watermark key " + out + " (permissions 600); keep it secret");
                return 0;
            }
            KeyPair pair = Ed25519Keys.generate();
            Path privateFile = out.resolveSibling(out.getFileName() + ".key");
            Path publicFile = out.resolveSibling(out.getFileName() + ".pub");
            Ed25519Keys.write(pair, privateFile, publicFile, force);
            stdout.println("wrote " + privateFile + " (private, permissions 600) and " + publicFile + " (public); key"
                    + " fingerprint " + Ed25519Keys.fingerprint(pair.getPublic()));
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println("aigate: ERROR: " + e.getMessage() + ": already exists (use --force to overwrite)");
            return AigateCommand.EXIT_ERROR;
        } catch (IOException e) {
            err.println("aigate: ERROR: " + out + ": cannot write key: " + e.getMessage());
            return AigateCommand.EXIT_ERROR;
        }
    }
}
