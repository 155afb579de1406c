package dev.aigate.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The command names of aigate 0.1, kept for one release: each is rewritten to {@code aigate <check> <action>}, with a
 * note on standard error. docs/migration.md lists them.
 */
final class LegacyNames {
    /** Options of the old commands that take a value, so operands can be told from option values. */
    private static final Set<String> VALUED = Set.of("-p", "--policy", "-r", "--report-dir", "--format", "--fail-on",
            "--threads", "--project", "--set", "--public-key", "--signature", "--root", "--report-signing-key",
            "--report-signing-key-env", "--key", "--key-env", "--key-file", "-o", "--out");

    private LegacyNames() {
    }

    /** The arguments in today's vocabulary; {@code checkIds} are the registered checks. */
    static String[] rewrite(String[] args, Set<String> checkIds, PrintWriter err) {
        if (args.length == 0) {
            return args;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        String first = args[0];
        String old = first;
        List<String> now;
        switch (first) {
            case "verify" -> now = prepend(List.of("datasets", "verify"), rest);
            case "lock", "lock-datasets" -> now = prepend(List.of("datasets", "lock"), rest);
            case "sign" -> now = prepend(List.of("signature", "sign"), renameKey(rest));
            case "verify-signature" -> now = prepend(List.of("signature",
                    hasOperands(rest) ? "verify-files" : "verify"), rest);
            case "keygen" -> {
                boolean watermark = rest.remove("--watermark");
                now = prepend(List.of(watermark ? "watermark" : "signature", "keygen"), rest);
            }
            default -> {
                if (first.equals("watermark") && !rest.isEmpty() && rest.get(0).equals("verify")
                        && (rest.contains("--model") || rest.stream().anyMatch(a -> a.startsWith("--model=")))) {
                    now = prepend(List.of("watermark", "verify-file"), rest.subList(1, rest.size()));
                    old = "watermark verify --model";
                } else if (checkIds.contains(first) && (rest.isEmpty() || isOption(rest.get(0)))) {
                    // 'aigate robustness --policy x' ran the check: it is 'aigate robustness verify' now.
                    now = prepend(List.of(first, "verify"), rest);
                } else {
                    return args;
                }
            }
        }
        err.println("aigate: note: '" + old + "' is now 'aigate " + now.get(0) + " " + now.get(1) + "'; the old"
                + " name works until the next release (docs/migration.md)");
        err.flush();
        return now.toArray(new String[0]);
    }

    private static boolean isOption(String arg) {
        return arg.startsWith("-") && !arg.equals("-h") && !arg.equals("--help");
    }

    private static List<String> prepend(List<String> head, List<String> rest) {
        List<String> out = new ArrayList<>(head);
        out.addAll(rest);
        return out;
    }

    /** {@code sign --key FILE} is {@code --key-file FILE} now. */
    private static List<String> renameKey(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            out.add(arg.equals("--key") ? "--key-file" : arg.startsWith("--key=") ? "--key-file=" + arg.substring(6)
                    : arg);
        }
        return out;
    }

    private static boolean hasOperands(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (VALUED.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return true;
            }
        }
        return false;
    }
}
