package dev.aigate.core.files;

import dev.aigate.core.PolicyException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.List;

/**
 * The one glob dialect of aigate, for dataset and signing selections, project files and waiver subjects: patterns
 * over '/'-separated paths relative to a root. {@code *} and {@code ?} stay within a segment, {@code **} crosses
 * segments, {@code [a-z]} and {@code {a,b}} as usual, and {@code **}{@code /x} also matches {@code x} at the top level,
 * as users of gitignore-style patterns expect.
 */
public final class Glob {
    private final String pattern;
    private final List<PathMatcher> matchers;

    private Glob(String pattern, List<PathMatcher> matchers) {
        this.pattern = pattern;
        this.matchers = matchers;
    }

    /** @throws PolicyException when the pattern is not a valid glob */
    public static Glob of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new PolicyException("a glob pattern must not be empty");
        }
        try {
            PathMatcher whole = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            return new Glob(pattern, pattern.startsWith("**/")
                    ? List.of(whole, FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)))
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
        Path path;
        try {
            path = Paths.get(relative);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(path)) {
                return true;
            }
        }
        return false;
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
