package dev.aigate.cli;

import dev.aigate.checks.watermark.Detection;
import dev.aigate.checks.watermark.Payload;
import dev.aigate.checks.watermark.WatermarkCheck;
import dev.aigate.checks.watermark.WatermarkEmbedding;
import dev.aigate.checks.watermark.WatermarkKey;
import dev.aigate.checks.watermark.WatermarkParams;
import dev.aigate.checks.watermark.Watermarking;
import dev.aigate.core.GateException;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.WriteHook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigate watermark embed|verify}. */
@Command(name = "watermark", mixinStandardHelpOptions = true,
        description = "Embeds or verifies the secret model watermark (SafeTensors and ONNX).",
        subcommands = {WatermarkCommand.Embed.class, WatermarkCommand.Verify.class})
final class WatermarkCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (embed or verify)");
    }

    /** Where the key comes from: never the command line itself. */
    static final class KeySource {
        @Option(names = "--key-file", paramLabel = "FILE", description = "A file holding the watermark key (hex).")
        Path keyFile;

        @Option(names = "--key-env", paramLabel = "VAR",
                description = "An environment variable holding the watermark key (hex).")
        String keyEnv;

        WatermarkKey load() {
            return keyFile != null ? WatermarkKey.fromFile(keyFile) : WatermarkKey.fromEnv(keyEnv, System.getenv());
        }
    }

    /** The scheme parameters for use without a policy; they must equal those used to embed. */
    static final class SchemeOptions {
        @Option(names = "--payload", paramLabel = "HEX", description = "The payload, e.g. a 64-bit owner id in hex.")
        String payload;

        @Option(names = "--carriers", paramLabel = "N", description = "Carrier weights (default: 16384).")
        Integer carriers;

        @Option(names = "--strength", paramLabel = "X",
                description = "Change per carrier relative to its tensor's RMS (default: 0.2).")
        Double strength;

        @Option(names = "--min-elements", paramLabel = "N",
                description = "Smallest tensor used (default: 4096 elements).")
        Long minElements;

        @Option(names = "--max-carrier-fraction", paramLabel = "X",
                description = "Largest fraction of eligible weights used as carriers (default: 0.5).")
        Double maxCarrierFraction;

        @Option(names = "--include", paramLabel = "PATTERN", split = ",", description = "Tensor names to use.")
        List<String> include;

        @Option(names = "--exclude", paramLabel = "PATTERN", split = ",", description = "Tensor names not to use.")
        List<String> exclude;

        WatermarkParams params() {
            return new WatermarkParams(carriers == null ? WatermarkParams.DEFAULT_CARRIERS : carriers,
                    strength == null ? WatermarkParams.DEFAULT_STRENGTH : strength,
                    minElements == null ? WatermarkParams.DEFAULT_MIN_ELEMENTS : minElements, include, exclude,
                    maxCarrierFraction == null ? WatermarkParams.DEFAULT_MAX_CARRIER_FRACTION : maxCarrierFraction);
        }
    }

    static int usage(CommandLine commandLine, String message) {
        throw new CommandLine.ParameterException(commandLine, message);
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = "Embeds the watermark: with --in/--out into one model, otherwise into every model of the"
                    + " policy's 'watermark' section that names a 'source'. The input is never overwritten.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:embedded", "2:ERROR or usage error"})
    static final class Embed implements Callable<Integer> {
        @Option(names = {"-p", "--policy"}, paramLabel = "FILE", defaultValue = "aigate.yml",
                description = "The policy file (default: ${DEFAULT-VALUE}).")
        Path policy;

        @Option(names = "--in", paramLabel = "MODEL", description = "The unwatermarked model (.safetensors, .onnx).")
        Path input;

        @Option(names = "--out", paramLabel = "MODEL", description = "Where to write the watermarked copy.")
        Path output;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        KeySource key;

        @Mixin
        SchemeOptions scheme;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<Watermarking.Embedded> done;
                if (input != null || output != null) {
                    if (input == null || output == null || scheme.payload == null || key == null) {
                        return usage(spec.commandLine(), "--in, --out, --payload and --key-file or --key-env are"
                                + " needed to embed without a policy");
                    }
                    done = List.of(Watermarking.embed(input, output, key.load(), params(), payload(),
                            WriteHook.NONE));
                } else {
                    done = WatermarkEmbedding.embed(policy, key == null || key.keyFile == null ? null
                            : key.keyFile.toString(), key == null ? null : key.keyEnv, System.getenv());
                }
                for (Watermarking.Embedded e : done) {
                    out.println(String.format(Locale.ROOT, "watermarked %s -> %s (%s): %d carriers in %d tensors"
                            + " (%d weights changed, mean change %.3f x tensor RMS), key %s, self-check score %.2f",
                            e.input(), e.output(), e.format(), e.carriers(), e.tensors(), e.changedWeights(),
                            e.meanRelativeChange(), e.keyFingerprint(), e.selfCheck().score()));
                }
                return 0;
            } catch (GateException e) {
                err.println("aigate: ERROR: " + e.getMessage());
                return AigateCommand.EXIT_ERROR;
            }
        }

        private WatermarkParams params() {
            try {
                return scheme.params();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private Payload payload() {
            try {
                return Payload.parse(scheme.payload);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verifies the watermark: with --model on one file (e.g. a suspected leaked copy), otherwise"
                    + " as the gate's 'watermark' check on the policy's models, writing the reports.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:PASS or WARN (watermark detected, payload intact)", "1:FAIL (not detected)",
                "2:ERROR or usage error"})
    static final class Verify implements Callable<Integer> {
        @Mixin
        GateOptions options;

        @Option(names = "--model", paramLabel = "MODEL", description = "Verify this model file without a policy.")
        Path model;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        KeySource key;

        @Mixin
        SchemeOptions scheme;

        @Option(names = "--max-false-positive", paramLabel = "P", defaultValue = "1e-9",
                description = "Required confidence with --model (default: ${DEFAULT-VALUE}).")
        double maxFalsePositive;

        @Option(names = "--max-bit-error-rate", paramLabel = "R", defaultValue = "0",
                description = "Allowed payload bit-error rate with --model (default: ${DEFAULT-VALUE}).")
        double maxBitErrorRate;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (model == null) {
                return GateRunner.run(options, Set.of(WatermarkCheck.ID), Set.of(), spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (key == null || scheme.payload == null) {
                return usage(spec.commandLine(), "--model needs --payload and --key-file or --key-env");
            }
            if (!(maxFalsePositive > 0 && maxFalsePositive < 0.5) || !(maxBitErrorRate >= 0 && maxBitErrorRate < 0.5)) {
                return usage(spec.commandLine(), "--max-false-positive must be in (0, 0.5) and --max-bit-error-rate in"
                        + " [0, 0.5)");
            }
            try {
                WatermarkParams params;
                Payload payload;
                try {
                    params = scheme.params();
                    payload = Payload.parse(scheme.payload);
                } catch (IllegalArgumentException e) {
                    return usage(spec.commandLine(), e.getMessage());
                }
                WatermarkKey k = key.load();
                Detection d = Watermarking.detect(ModelFile.open(model), k, params, payload);
                boolean detected = d.detected(maxFalsePositive);
                boolean intact = d.bitErrorRate() <= maxBitErrorRate;
                out.println(String.format(Locale.ROOT, "%s: %s (key %s): score %.2f (required %.2f), p-value %.3g,"
                        + " false-positive bound %.3g, payload bit-error rate %.4f (%d/%d bits), %d carriers",
                        model, detected ? (intact ? "watermark DETECTED, payload intact"
                                : "watermark DETECTED, payload DIFFERS") : "watermark NOT detected",
                        k.fingerprint(), d.score(), Detection.requiredScore(maxFalsePositive), d.pValue(),
                        d.falsePositiveBound(), d.bitErrorRate(), d.bitErrors(), d.bits(), d.carriers()));
                return detected && intact ? 0 : 1;
            } catch (GateException e) {
                err.println("aigate: ERROR: " + e.getMessage());
                return AigateCommand.EXIT_ERROR;
            }
        }
    }

}
