package dev.aigate.checks.compliance;

import dev.aigate.core.GateException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The built-in checklist profiles shipped in the jar. */
public final class Profiles {
    /** The profile names, as written in a checklist's {@code extends: [{profile: ...}]}. */
    public static final List<String> NAMES = List.of("eu-ai-act-high-risk", "nist-ai-rmf", "owasp-ml-top10",
            "privacy");
    private static final String RESOURCE_DIR = "/dev/aigate/checks/compliance/profiles/";

    private Profiles() {
    }

    /** How errors and reports name a profile: {@code builtin/<name>.yml}. */
    public static String displayName(String name) {
        return "builtin/" + name + ".yml";
    }

    public static byte[] bytes(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown profile '" + name + "' (built-in profiles: "
                    + String.join(", ", NAMES) + ")");
        }
        try (InputStream in = Profiles.class.getResourceAsStream(RESOURCE_DIR + name + ".yml")) {
            if (in == null) {
                throw new GateException("built-in profile '" + name + "' is missing from the aigate jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new GateException("cannot read built-in profile '" + name + "': " + e.getMessage(), e);
        }
    }
}
