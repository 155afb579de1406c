package dev.aigate.core.files;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.PolicyException;

/**
 * Glob patterns come from the policy, which a pull request can change: on any pattern and path, {@link Glob} compiles
 * or refuses with a {@link PolicyException}, and matches within its step budget or refuses the same way, never hangs
 * (the campaign's per-input timeout enforces that) and never throws anything else.
 */
class GlobFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void glob(FuzzedDataProvider data) {
        String pattern = data.consumeString(256);
        String path = data.consumeRemainingAsString();
        Glob glob;
        try {
            glob = Glob.of(pattern);
        } catch (PolicyException refusal) {
            return;
        }
        try {
            glob.matches(path.length() > 4096 ? path.substring(0, 4096) : path);
        } catch (PolicyException tooLong) {
            if (!tooLong.getMessage().contains("takes too long")) {
                throw tooLong;
            }
        }
    }
}
