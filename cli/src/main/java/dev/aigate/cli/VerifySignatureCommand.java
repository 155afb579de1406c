package dev.aigate.cli;

import dev.aigate.checks.signature.Ed25519Keys;
import dev.aigate.checks.signature.ModelSigning;
import dev.aigate.checks.signature.SignatureCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aigate verify-signature}: verifies model files against their signature. */
@Command(name = "verify-signature", mixinStandardHelpOptions = true,
        description = "Verifies model files against their signature, naming every modified, added or removed file"
                + " and a signature no trusted key verifies. With PATHs and --public-key, checks those; otherwise"
                + " runs the gate's 'signature' check from the policy and writes the reports.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN (valid)", "1:FAIL (invalid, or files differ)", "2:ERROR or usage error"})
final class VerifySignatureCommand implements Callable<Integer> {
    @Mixin
    GateOptions options;

    @Option(names = "--public-key", paramLabel = "FILE", description = "A trusted public key (PEM). Repeatable.")
    List<Path> publicKeys;

    @Option(names = "--signature", paramLabel = "FILE",
            description = "The signature (default: aigate-signature.dsse.json in the root).")
    Path signature;

    @Option(names = "--root", paramLabel = "DIR", description = "The directory manifest paths are relative to.")
    Path root;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Model files or directories to verify.")
    List<Path> paths;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (paths == null || paths.isEmpty()) {
            return GateRunner.run(options, Set.of(SignatureCheck.ID), Set.of(), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (publicKeys == null || publicKeys.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--public-key is required with PATHs");
        }
        List<PublicKey> trusted = new ArrayList<>();
        for (Path key : publicKeys) {
            trusted.add(Ed25519Keys.readPublic(key));
        }
        ModelSigning.Selection selection = SignCommand.selection(root, paths, signature);
        ModelSigning.Verification v = ModelSigning.verify(selection, trusted);
        if (!v.signatureValid()) {
            out.println(selection.signatureFile() + ": signature does NOT verify with the trusted key(s) (signed"
                    + " by " + String.join(", ", v.envelopeKeyIds()) + ")");
            return 1;
        }
        for (ModelSigning.Difference d : v.differences()) {
            out.println(selection.root().resolve(d.path()) + ": " + d.kind() + " (expected " + d.expected()
                    + ", actual " + d.actual() + ")");
        }
        out.println((v.ok() ? "signature valid" : "signature valid but files differ") + ": " + v.signed().size()
                + " signed file(s), signer " + v.signerFingerprint());
        return v.ok() ? 0 : 1;
    }
}
