package dev.aigate.checks.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.core.io.SafePaths;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code models} section of the policy.
 *
 * @param paths model files, folders (scanned whole) or globs, relative to the policy; {@code .} is the whole
 *     project
 * @param exclude globs of files not to scan, relative to the policy
 * @param strict whether suspicious findings (imports on neither list, custom Keras objects, custom ONNX domains, files
 *     in no known format) fail the gate like code execution does
 * @param allow extra globals a pickle may import ({@code mypkg.layers.Block}, or {@code mypkg.layers.*}), Keras classes
 *     or registered names ({@code MyLayer}, {@code mypkg>MyLayer}); never a denylisted one (that needs a waiver)
 */
public record ModelsConfig(
        Boolean enabled,
        @JsonProperty(required = true) List<String> paths,
        List<String> exclude,
        Boolean strict,
        List<String> allow) {

    private static final Pattern ALLOW = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*(\\.\\*)?|[A-Za-z0-9_.-]+>[A-Za-z_][A-Za-z0-9_]*");

    public ModelsConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        strict = strict != null && strict;
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("'paths' must name at least one model file, folder or glob");
        }
        paths = List.copyOf(paths);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        allow = allow == null ? List.of() : List.copyOf(allow);
        for (String path : paths) {
            if (!".".equals(path)) {
                requireInside("paths", path);
            }
        }
        for (String glob : exclude) {
            requireInside("exclude", glob);
        }
        for (String entry : allow) {
            if (entry == null || !ALLOW.matcher(entry).matches()) {
                throw new IllegalArgumentException("allow entry '" + entry + "' is not a dotted name such as"
                        + " mypkg.layers.Block, a module wildcard such as mypkg.layers.*, or a Keras registered name"
                        + " such as mypkg>Block");
            }
            int dot = entry.lastIndexOf('.');
            if (dot > 0 && !entry.endsWith(".*")) {
                String technique = Globals.deniedTechnique(entry.substring(0, dot), entry.substring(dot + 1));
                if (technique != null) {
                    throw new IllegalArgumentException("allow entry '" + entry + "' is on the denylist (" + technique
                            + "); it cannot be allowed, only waived finding by finding");
                }
            }
            if (entry.endsWith(".*") && Globals.deniedTechnique(entry.substring(0, entry.length() - 2), "x") != null) {
                throw new IllegalArgumentException("allow entry '" + entry + "' covers a denylisted module; it cannot"
                        + " be allowed, only waived finding by finding");
            }
        }
    }

    private static void requireInside(String key, String glob) {
        SafePaths.problemWith(glob).ifPresent(problem -> {
            throw new IllegalArgumentException(key + " entry '" + glob + "' is not allowed: " + problem
                    + "; model paths must stay inside the project");
        });
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + " entry '" + glob + "' is not a valid glob: "
                    + e.getDescription());
        }
    }
}
