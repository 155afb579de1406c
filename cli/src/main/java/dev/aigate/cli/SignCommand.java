package dev.aigate.cli;

import dev.aigate.checks.signature.Ed25519Keys;
import dev.aigate.checks.signature.ModelSigning;
import dev.aigate.checks.signature.ModelSigningPolicy;
import dev.aigate.checks.signature.SignatureConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aigate sign}: signs model files (a directory or a file list). */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Signs model files: an in-toto statement of every file's path, size and SHA-256 in a DSSE"
                + " envelope signed with Ed25519. With PATHs, signs those files and directories; otherwise what the"
                + " policy's 'signature' section selects.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:signed", "2:ERROR or usage error"})
final class SignCommand implements Callable<Integer> {
    @Option(names = {"-p", "--policy"}, paramLabel = "FILE", defaultValue = "aigate.yml",
            description = "The policy file (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Option(names = "--key", paramLabel = "FILE", description = "The private key (PEM), e.g. from 'aigate keygen'.")
    Path key;

    @Option(names = "--key-env", paramLabel = "VAR", description = "An environment variable holding the private key.")
    String keyEnv;

    @Option(names = "--signature", paramLabel = "FILE",
            description = "Where to write the signature (default: aigate-signature.dsse.json in the root).")
    Path signature;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The directory manifest paths are relative to (default: the single directory given, or the"
                    + " current directory).")
    Path root;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Model files or directories to sign.")
    List<Path> paths;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelSigning.Signed signed;
        if (paths == null || paths.isEmpty()) {
            signed = ModelSigningPolicy.sign(policy, key == null ? null : key.toString(), keyEnv,
                    System.getenv());
        } else {
            if (key == null && keyEnv == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--key or --key-env is required");
            }
            PrivateKey privateKey = key != null ? Ed25519Keys.readPrivate(key)
                    : Ed25519Keys.readPrivateFromEnv(keyEnv, System.getenv());
            signed = ModelSigning.sign(selection(root, paths, signature), privateKey);
        }
        out.println("signed " + signed.files() + " file(s), " + signed.bytes() + " bytes, with key "
                + signed.keyFingerprint() + " -> " + signed.signatureFile());
        return 0;
    }

    static ModelSigning.Selection selection(Path root, List<Path> paths, Path signature) {
        Path base = root != null ? root
                : paths.size() == 1 && Files.isDirectory(paths.get(0)) ? paths.get(0) : Path.of("");
        base = base.toAbsolutePath().normalize();
        Path sig = signature != null ? signature : base.resolve(SignatureConfig.DEFAULT_SIGNATURE_NAME);
        return new ModelSigning.Selection(base, paths, List.of(), List.of(), sig);
    }
}
