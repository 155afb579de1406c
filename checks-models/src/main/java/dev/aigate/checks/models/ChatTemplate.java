package dev.aigate.checks.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a Jinja chat template. Chat templates format messages: loops, conditions, variables, string methods and
 * filters. Template injection reaches Python through object internals ({@code __class__}, {@code __globals__},
 * names built from escaped or concatenated pieces), the {@code attr} filter and {@code format}, the template globals
 * that are objects ({@code self}, {@code cycler}, {@code joiner}, {@code lipsum}), and tags that load other templates.
 * Any of these is template code beyond plain formatting.
 */
final class ChatTemplate {
    // Blocks, comments and string literals are found by linear scans, not by regexes such as "\\{\\{(.*?)\\}\\}" and
    // "'((?:[^'\\\\]|\\\\.)*)'": those rescan the rest of the template for every opener never closed (a minute for
    // 64 KiB of "{{") and recurse once per character of a string (a StackOverflowError at 10,000 characters).
    private static final String[][] COMMENTS = {{"{#", "#}"}};
    private static final String[][] BLOCKS = {{"{{", "}}"}, {"{%", "%}"}};
    /** An identifier with the '.' or '|' before it; the blanks are only taken after one, so each is read once. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?:(\\.|\\|)\\s*+)?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Set<String> OBJECT_GLOBALS = Set.of("self", "cycler", "joiner", "lipsum", "config",
            "request", "url_for", "get_flashed_messages", "session", "g", "os", "sys", "builtins", "getattr",
            "eval", "exec", "globals", "locals", "__import__", "import", "subprocess", "popen");
    private static final Set<String> LOADING_TAGS = Set.of("import", "include", "extends", "from");
    private static final Set<String> FILTER_CODE = Set.of("attr", "format", "map_attr");

    private ChatTemplate() {
    }

    /** Why the template is more than formatting, or empty. */
    static Optional<String> judge(String template) {
        List<String> problems = new ArrayList<>();
        String text = withoutComments(template);
        for (int[] block : spans(text, BLOCKS)) {
            String code = text.substring(block[1] + 2, block[2] - 2);
            boolean statement = block[0] == 1;
            String stripped = code.strip().replaceFirst("^[-+]", "").strip();
            if (statement) {
                String tag = stripped.split("\\s+", 2)[0];
                if (LOADING_TAGS.contains(tag)) {
                    problems.add("the '" + tag + "' tag loads another template");
                }
            }
            StringBuilder outside = new StringBuilder();
            int last = 0;
            for (int[] string : literals(code)) {
                outside.append(code, last, string[0]).append(" '' ");
                last = string[1];
                String literal = code.substring(string[0] + 1, string[1] - 1);
                String decoded = unescape(literal);
                if (decoded.contains("__") || underscores(decoded) > underscores(literal)) {
                    problems.add("a string names Python internals ('" + clip(decoded) + "')");
                }
            }
            outside.append(code.substring(last));
            Matcher id = IDENTIFIER.matcher(outside);
            while (id.find()) {
                String prefix = id.group(1);
                String name = id.group(2);
                if (name.startsWith("_")) {
                    problems.add("'" + name + "' reaches Python internals");
                } else if (prefix == null && OBJECT_GLOBALS.contains(name)) {
                    problems.add("'" + name + "' reaches objects beyond the messages");
                } else if (prefix != null && prefix.equals("|") && FILTER_CODE.contains(name)) {
                    problems.add("the '" + name + "' filter reaches attributes by name");
                } else if (prefix != null && prefix.equals(".") && name.equals("format")) {
                    problems.add("'.format' reaches attributes through format fields");
                }
            }
            if (outside.indexOf("~") >= 0 && outside.toString().matches("(?s).*\\|\\s*attr.*")) {
                problems.add("builds an attribute name from pieces");
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems.stream().distinct()
                .limit(5).toList()));
    }

    private static String withoutComments(String template) {
        StringBuilder out = new StringBuilder(template.length());
        int copied = 0;
        for (int[] comment : spans(template, COMMENTS)) {
            out.append(template, copied, comment[1]);
            copied = comment[2];
        }
        return out.append(template, copied, template.length()).toString();
    }

    /**
     * Each span {kind, start, end} from an opener of {@code pairs} to the first closer after it, left to right, as
     * the lazy regex {@code open.*?close|...} finds them. An opener never closed is passed over; so is every later
     * opener of its kind, which cannot be closed either.
     */
    static List<int[]> spans(String text, String[][] pairs) {
        List<int[]> spans = new ArrayList<>();
        int[] next = new int[pairs.length];
        for (int k = 0; k < pairs.length; k++) {
            next[k] = text.indexOf(pairs[k][0]);
        }
        int at = 0;
        while (true) {
            int kind = -1;
            for (int k = 0; k < pairs.length; k++) {
                if (next[k] >= 0 && next[k] < at) {
                    next[k] = text.indexOf(pairs[k][0], at);
                }
                if (next[k] >= 0 && (kind < 0 || next[k] < next[kind])) {
                    kind = k;
                }
            }
            if (kind < 0) {
                return spans;
            }
            int close = text.indexOf(pairs[kind][1], next[kind] + pairs[kind][0].length());
            if (close < 0) {
                next[kind] = -1;
                continue;
            }
            at = close + pairs[kind][1].length();
            spans.add(new int[] {kind, next[kind], at});
        }
    }

    /**
     * Each quoted string {start, end} of {@code code} (quotes included; a backslash escapes the next character), left
     * to right. A quote never closed is passed over, and so is every later quote of its kind: the scan from it is in
     * step with the first one's after the first character.
     */
    static List<int[]> literals(String code) {
        List<int[]> literals = new ArrayList<>();
        char[] quotes = {'\'', '"'};
        int[] next = {code.indexOf('\''), code.indexOf('"')};
        int at = 0;
        while (true) {
            int kind = -1;
            for (int k = 0; k < 2; k++) {
                if (next[k] >= 0 && next[k] < at) {
                    next[k] = code.indexOf(quotes[k], at);
                }
                if (next[k] >= 0 && (kind < 0 || next[k] < next[kind])) {
                    kind = k;
                }
            }
            if (kind < 0) {
                return literals;
            }
            int i = next[kind] + 1;
            while (i < code.length() && code.charAt(i) != quotes[kind]) {
                i += code.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= code.length()) {
                next[kind] = -1;
                continue;
            }
            at = i + 1;
            literals.add(new int[] {next[kind], at});
        }
    }

    private static String unescape(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < literal.length()) {
                char e = literal.charAt(i + 1);
                if (e == 'x' && i + 3 < literal.length()) {
                    try {
                        out.append((char) Integer.parseInt(literal.substring(i + 2, i + 4), 16));
                        i += 3;
                        continue;
                    } catch (NumberFormatException ignored) {
                        // not an escape
                    }
                }
                if (e == 'u' && i + 5 < literal.length()) {
                    try {
                        out.append((char) Integer.parseInt(literal.substring(i + 2, i + 6), 16));
                        i += 5;
                        continue;
                    } catch (NumberFormatException ignored) {
                        // not an escape
                    }
                }
                out.append(e);
                i++;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static long underscores(String text) {
        return text.chars().filter(c -> c == '_').count();
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
