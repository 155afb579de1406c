package dev.aigate.checks.models;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges the TorchScript source in an archive's {@code code/} folder. TorchScript cannot import Python modules, but its
 * operators reach the file system and load native libraries; serialized code names them in full.
 */
final class TorchScriptCode {
    private static final Pattern RISKY = Pattern.compile(
            "\\b(torch\\.ops\\.load_library|torch\\.classes\\.load_library|load_library|torch\\.ops\\.aten\\.from_file"
                    + "|torch\\.from_file|torch\\.load|torch\\.save|torch\\.jit\\.load|torch\\.hub\\.[a-z_]+"
                    + "|torch\\.ops\\.aten\\.save|__import__|os\\.system|subprocess\\.[a-z_]+|builtins\\.[a-z_]+"
                    + "|eval|exec)\\s*\\(");

    private TorchScriptCode() {
    }

    static void check(String code, String member, ScanSink sink) {
        Matcher m = RISKY.matcher(code);
        while (m.find()) {
            int line = 1;
            for (int i = 0; i < m.start(); i++) {
                if (code.charAt(i) == '\n') {
                    line++;
                }
            }
            sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, m.start(), m.group(1),
                    "TorchScript code calls " + m.group(1) + " (line " + line + ")",
                    "TorchScript calls " + m.group(1)));
        }
    }
}
