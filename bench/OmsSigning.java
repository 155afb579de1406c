import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.checks.signature.oms.OmsSigner;
import dev.aigate.checks.signature.oms.OmsVerifier;
import dev.aigate.core.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * aigate's OMS signing and verification as one process, for bench/signing.sh (until the sign action and the signature
 * check read OMS bundles, when the benchmark moves to the CLI).
 *
 *   java -cp CLASSPATH OmsSigning keygen KEY PUB
 *   java -cp CLASSPATH OmsSigning sign MODEL BUNDLE KEY SHARD_SIZE THREADS     (SHARD_SIZE 0: the files method)
 *   java -cp CLASSPATH OmsSigning verify MODEL BUNDLE PUB THREADS              (exit 1 when it does not verify)
 */
public class OmsSigning {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "keygen" -> EcKeys.write(EcKeys.generate(EcKeys.Curve.P256), Path.of(args[1]), Path.of(args[2]), true);
            case "sign" -> {
                var key = EcKeys.readPrivate(Files.readString(Path.of(args[3])));
                var signed = OmsSigner.sign(Path.of(args[1]), Path.of(args[2]), new OmsSigner.Options(
                        Long.parseLong(args[4]), false, List.of()), OmsSigner.SigningKey.key(key),
                        Integer.parseInt(args[5]), null);
                AtomicFiles.write(Path.of(args[2]), signed.bundle());
            }
            case "verify" -> {
                var key = EcKeys.readPublic(Files.readString(Path.of(args[3])));
                var result = OmsVerifier.verify(Path.of(args[1]), Path.of(args[2]), OmsVerifier.Trust.keys(
                        List.of(key)), new OmsVerifier.Options(false, List.of(), Integer.parseInt(args[4]), null,
                        null));
                if (!result.valid()) {
                    System.err.println(result.problems());
                    System.exit(1);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
