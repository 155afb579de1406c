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
    private static final Pattern BLOCK = Pattern.compile("\\{\\{(.*?)\\}\\}|\\{%(.*?)%\\}", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"",
            Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("(\\.|\\|)?\\s*([A-Za-z_][A-Za-z0-9_]*)");
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
        Matcher block = BLOCK.matcher(template.replaceAll("(?s)\\{#.*?#\\}", ""));
        while (block.find()) {
            String code = block.group(1) != null ? block.group(1) : block.group(2);
            boolean statement = block.group(2) != null;
            String stripped = code.strip().replaceFirst("^[-+]", "").strip();
            if (statement) {
                String tag = stripped.split("\\s+", 2)[0];
                if (LOADING_TAGS.contains(tag)) {
                    problems.add("the '" + tag + "' tag loads another template");
                }
            }
            Matcher string = STRING.matcher(code);
            StringBuilder outside = new StringBuilder();
            int last = 0;
            while (string.find()) {
                outside.append(code, last, string.start()).append(" '' ");
                last = string.end();
                String literal = string.group(1) != null ? string.group(1) : string.group(2);
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
