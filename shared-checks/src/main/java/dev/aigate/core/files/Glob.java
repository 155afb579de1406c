package dev.aigate.core.files;

import dev.aigate.core.PolicyException;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one glob dialect of aigate, for dataset and signing selections, project files and waiver subjects: patterns
 * over '/'-separated paths relative to a root. {@code *} and {@code ?} stay within a segment, {@code **} crosses
 * segments, {@code [a-z]} and {@code {a,b}} as usual, and {@code **}{@code /x} also matches {@code x} at the top level,
 * as users of gitignore-style patterns expect. Matching is bounded: a pattern whose backtracking on a path takes more
 * than {@link #MAX_STEPS} character reads is an ERROR naming both, never a hang (a policy is attacker-controlled).
 */
public final class Glob {
    /** Character reads one match may take: plenty for any sane pattern, seconds at most for a pathological one. */
    static final long MAX_STEPS = 20_000_000;

    private final String pattern;
    private final List<Pattern> matchers;

    private Glob(String pattern, List<Pattern> matchers) {
        this.pattern = pattern;
        this.matchers = matchers;
    }

    /** @throws PolicyException when the pattern is not a valid glob */
    public static Glob of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new PolicyException("a glob pattern must not be empty");
        }
        try {
            Pattern whole = GlobRegex.compile(pattern);
            return new Glob(pattern, pattern.startsWith("**/")
                    ? List.of(whole, GlobRegex.compile(pattern.substring(3)))
                    : List.of(whole));
        } catch (IllegalArgumentException e) {
            throw new PolicyException("'" + pattern + "' is not a valid glob: " + e.getMessage());
        }
    }

    public static List<Glob> all(List<String> patterns) {
        return patterns == null ? List.of() : patterns.stream().map(Glob::of).toList();
    }

    /** Whether a relative path ('/'-separated) matches. */
    public boolean matches(String relative) {
        String path;
        try {
            path = Paths.get(relative).toString(); // normalised as the JDK's path matchers see it
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        for (Pattern matcher : matchers) {
            try {
                if (matcher.matcher(new BoundedChars(path, MAX_STEPS)).matches()) {
                    return true;
                }
            } catch (BoundedChars.Exhausted e) {
                throw new PolicyException("glob '" + pattern + "' takes too long to match '" + path
                        + "' (more than " + MAX_STEPS + " steps): simplify it (fewer '*' in one segment)");
            }
        }
        return false;
    }

    /** A string whose characters may be read a bounded number of times in all: the regex engine's step counter. */
    private static final class BoundedChars implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final long[] left;

        BoundedChars(String text, long steps) {
            this(text, new long[] {steps});
        }

        private BoundedChars(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedChars(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public static boolean anyMatches(List<Glob> globs, String relative) {
        for (Glob glob : globs) {
            if (glob.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a path segment holds glob syntax, so that a walk can start at a pattern's literal directories. */
    public static boolean hasSyntax(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
