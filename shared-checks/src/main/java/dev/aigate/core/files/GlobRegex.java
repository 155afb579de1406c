package dev.aigate.core.files;

import java.util.regex.Pattern;

/**
 * Translates a glob into a regular expression with the JDK's glob rules for '/'-separated paths (the dialect
 * {@code FileSystems.getDefault().getPathMatcher("glob:...")} uses on Unix), so that {@link Glob} can match it under
 * a step budget: the JDK's own matcher offers no way to stop a pattern such as {@code *a*a*a*a*a*c}, whose
 * backtracking on a long name takes hours.
 */
final class GlobRegex {
    private static final String REGEX_META = ".^$+{[]|()";
    private static final String GLOB_META = "\\*?[{";

    private GlobRegex() {
    }

    /** @throws IllegalArgumentException with the JDK's wording when the glob is malformed */
    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder("^");
        boolean inGroup = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '\\' -> {
                    if (i == glob.length()) {
                        throw new IllegalArgumentException("No character to escape at index " + (i - 1));
                    }
                    char next = glob.charAt(i++);
                    if (GLOB_META.indexOf(next) >= 0 || REGEX_META.indexOf(next) >= 0) {
                        regex.append('\\');
                    }
                    regex.append(next);
                }
                case '/' -> regex.append(c);
                case '[' -> i = charClass(glob, i, regex);
                case '{' -> {
                    if (inGroup) {
                        throw new IllegalArgumentException("Cannot nest groups at index " + (i - 1));
                    }
                    regex.append("(?:(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        regex.append("))");
                        inGroup = false;
                    } else {
                        regex.append('}');
                    }
                }
                case ',' -> regex.append(inGroup ? ")|(?:" : ",");
                case '*' -> {
                    if (i < glob.length() && glob.charAt(i) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                default -> {
                    if (REGEX_META.indexOf(c) >= 0) {
                        regex.append('\\');
                    }
                    regex.append(c);
                }
            }
        }
        if (inGroup) {
            throw new IllegalArgumentException("Missing '}' at index " + (i - 1));
        }
        return Pattern.compile(regex.append('$').toString());
    }

    /** Appends the class that starts after '[' at {@code i}; returns the index after its ']'. */
    private static int charClass(String glob, int i, StringBuilder regex) {
        regex.append("[[^/]&&[");
        boolean empty = true;
        if (i < glob.length() && glob.charAt(i) == '^') {
            regex.append("\\^");
            empty = false;
            i++;
        } else {
            if (i < glob.length() && glob.charAt(i) == '!') {
                regex.append('^');
                i++;
            }
            if (i < glob.length() && glob.charAt(i) == '-') {
                regex.append('-');
                empty = false;
                i++;
            }
        }
        boolean hasRangeStart = false;
        char last = 0;
        char c = 0;
        while (i < glob.length()) {
            c = glob.charAt(i++);
            if (c == ']') {
                if (empty) {
                    // The JDK's translation would hand the regex engine an empty class; refuse it here instead.
                    throw new IllegalArgumentException("Empty class at index " + (i - 1));
                }
                break;
            }
            if (c == '/') {
                throw new IllegalArgumentException("Explicit 'name separator' in class at index " + (i - 1));
            }
            if (c == '\\' || c == '[' || (c == '&' && i < glob.length() && glob.charAt(i) == '&')) {
                regex.append('\\');
            }
            regex.append(c);
            empty = false;
            if (c == '-') {
                if (!hasRangeStart) {
                    throw new IllegalArgumentException("Invalid range at index " + (i - 1));
                }
                if (i >= glob.length()) {
                    break;
                }
                c = glob.charAt(i++);
                if (c == ']') {
                    break;
                }
                if (c < last || c == '\\' || c == '[') {
                    // A backslash or bracket ending a range would reach the regex engine unescaped (the JDK's
                    // translation fails there too): refuse it as a range.
                    throw new IllegalArgumentException("Invalid range at index " + (i - 3));
                }
                regex.append(c);
                hasRangeStart = false;
            } else {
                hasRangeStart = true;
                last = c;
            }
        }
        if (c != ']') {
            throw new IllegalArgumentException("Missing ']' at index " + (i - 1));
        }
        regex.append("]]");
        return i;
    }
}
