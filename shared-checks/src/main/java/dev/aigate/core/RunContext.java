package dev.aigate.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a gate ran, for the report: the commit and the CI build. Read from the usual CI environment variables, else
 * from the {@code .git} directory above the policy (read as small text files, never by running git).
 */
public final class RunContext {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final int MAX_GIT_FILE = 1 << 20;

    private RunContext() {
    }

    public static Map<String, String> detect(Path policyFile, Map<String, String> env) {
        Map<String, String> context = new LinkedHashMap<>();
        String commit = first(env, List.of("GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA", "BUILD_VCS_NUMBER"));
        if (commit == null && policyFile != null) {
            commit = gitHead(policyFile.toAbsolutePath().getParent());
        }
        put(context, "commit", commit);
        Path gitDir = policyFile == null ? null : gitDir(policyFile.toAbsolutePath().getParent());
        if (gitDir != null) {
            GitWorkTree.dirty(gitDir).ifPresent(dirty -> context.put("dirty", String.valueOf(dirty)));
        }
        put(context, "branch", first(env, List.of("GIT_BRANCH", "BRANCH_NAME", "GITHUB_REF_NAME",
                "CI_COMMIT_REF_NAME")));
        put(context, "build", first(env, List.of("BUILD_TAG", "GITHUB_RUN_ID", "CI_JOB_ID")));
        put(context, "buildUrl", first(env, List.of("BUILD_URL", "CI_JOB_URL")));
        return context;
    }

    private static String first(Map<String, String> env, List<String> names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank() && value.length() < 1000) {
                return value.trim();
            }
        }
        return null;
    }

    private static void put(Map<String, String> context, String key, String value) {
        if (value != null) {
            context.put(key, value);
        }
    }

    /** The {@code .git} directory of the work tree {@code start} is in, or null. */
    static Path gitDir(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path git = dir.resolve(".git");
            if (Files.isDirectory(git)) {
                return git;
            }
            if (Files.isRegularFile(git)) {
                return null;
            }
        }
        return null;
    }

    /** The commit HEAD points at, or null when it cannot be read simply. */
    static String gitHead(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path git = dir.resolve(".git");
            if (Files.isDirectory(git)) {
                return resolveHead(git);
            }
            if (Files.isRegularFile(git)) {
                return null; // a worktree or submodule pointer; not worth following
            }
        }
        return null;
    }

    private static String resolveHead(Path git) {
        String head = read(git.resolve("HEAD"));
        if (head == null) {
            return null;
        }
        if (SHA.matcher(head).matches()) {
            return head;
        }
        if (!head.startsWith("ref: refs/")) {
            return null;
        }
        String ref = head.substring("ref: ".length());
        if (ref.contains("..")) {
            return null;
        }
        String loose = read(git.resolve(ref));
        if (loose != null && SHA.matcher(loose).matches()) {
            return loose;
        }
        String packed = read(git.resolve("packed-refs"));
        if (packed != null) {
            for (String line : packed.split("\n")) {
                if (line.endsWith(" " + ref)) {
                    String sha = line.substring(0, line.indexOf(' '));
                    return SHA.matcher(sha).matches() ? sha : null;
                }
            }
        }
        return null;
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_GIT_FILE);
            return new String(bytes, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
