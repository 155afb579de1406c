package dev.aigate.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.PolicyException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
    private static final List<String> PATTERNS = List.of("*.csv", "**/*.csv", "**", "data/**", "data/*", "?.txt",
            "[a-c]*.bin", "[!a-c]*.bin", "[-x]y", "{train,test}/*.csv", "**/{a,b}.{csv,npy}", "a\\*b", "a+b(c)",
            "x[^y]z", "*/part-[0-9][0-9]", "**/.git/**", "a{b,c}d", "a}b", "a,b", "**/x", "*.{}", "[a-]z");
    private static final List<String> PATHS = List.of("a.csv", "data/a.csv", "data/sub/a.csv", "train/x.csv",
            "test/y.csv", "val/z.csv", "a.txt", "ab.txt", "b1.bin", "d1.bin", "-y", "xy", "a*b", "a+b(c)", "x^z",
            "xyz", "d/part-07", "d/part-7", ".git/config", "repo/.git/HEAD", "abd", "acd", "a}b", "a,b", "x", "q/x",
            "a.b.csv", "data", "z", "-z", "a/b.npy", "b.csv");

    @Test
    void matchesExactlyWhatTheJdkGlobMatches() {
        for (String pattern : PATTERNS) {
            Glob glob = Glob.of(pattern);
            PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            PathMatcher jdkTop = pattern.startsWith("**/")
                    ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)) : jdk;
            for (String path : PATHS) {
                boolean expected = jdk.matches(Path.of(path)) || jdkTop.matches(Path.of(path));
                assertEquals(expected, glob.matches(path), pattern + " on " + path);
            }
        }
    }

    @Test
    void malformedGlobsArePolicyErrors() {
        for (String bad : List.of("a[b", "{a,{b}}", "{a", "a\\", "[b-a]", "[a/b]", "[]x", "{a,b}/[!]x",
                "[a-[]x", "[a-\\]x")) {
            assertThrows(PolicyException.class, () -> Glob.of(bad), bad);
            assertThrows(IllegalArgumentException.class,
                    () -> FileSystems.getDefault().getPathMatcher("glob:" + bad), bad);
        }
    }

    @Test
    void aPatternThatBacktracksForeverIsAnErrorNotAHang() {
        Glob glob = Glob.of("*a*a*a*a*a*a*a*a*c");
        String name = "a".repeat(200) + "b";
        PolicyException e = assertThrows(PolicyException.class, () -> glob.matches(name));
        assertTrue(e.getMessage().contains("takes too long to match"), e.getMessage());
        assertTrue(Glob.of("*a*c").matches("a".repeat(200) + "c"));
        assertFalse(Glob.of("*a*c").matches("a".repeat(200) + "b"));
    }
}
