package dev.aigate.checks.compliance;

import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.files.FileSet;
import dev.aigate.core.files.Glob;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and reads files inside the project directory (the policy's directory) for the compliance check. Paths and
 * globs were validated when bound (relative, no '..'); symbolic links are followed only while they stay inside.
 */
final class ProjectFiles {
    /** Most files one glob may select. */
    static final int MAX_MATCHES = 1000;
    /** Most directory entries one glob may visit. */
    static final int MAX_VISITED = 200_000;
    private static final int MAX_DEPTH = 64;

    private final Path root;
    private final Path realRoot;

    ProjectFiles(Path projectDir) {
        this.root = projectDir.toAbsolutePath().normalize();
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            throw new InputException(root, "cannot resolve the project directory: " + e.getMessage(), e);
        }
        this.realRoot = real;
    }

    Path root() {
        return root;
    }

    /** A validated relative path resolved below the project; its real location must stay inside too. */
    Path resolve(String relative) {
        Path path = SafePaths.resolveInside(root, relative)
                .orElseThrow(() -> new PolicyException(relative + ": path leaves the project directory"));
        requireInside(path);
        return path;
    }

    String relative(Path path) {
        return SafePaths.relativize(root, path);
    }

    /** Reads a small document (checklist, sign-offs, model card, key document) completely, refusing big ones. */
    byte[] readSmall(Path path, int limit) {
        return dev.aigate.core.io.BoundedFiles.read(path, limit, "file");
    }

    /**
     * Whether a file is at {@code path}: false when nothing is there; an {@link InputException} (an ERROR, not a FAIL)
     * when something other than a regular file is (a directory, a FIFO, a device, a broken link): that is a mistake
     * to report, never evidence that is merely missing, and opening a FIFO would block.
     */
    boolean isFile(Path path, String what) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        dev.aigate.core.io.BoundedFiles.requireRegularFile(path, what);
        return true;
    }

    /** The file {@code path} points to must be inside the project, even through symbolic links. */
    void requireInside(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = path.getParent();
            if (parent != null && !parent.equals(root) && parent.startsWith(root)) {
                requireInside(parent);
            }
            return;
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new InputException(path, "broken symbolic link or unreadable path: " + e.getMessage(), e);
        }
        if (!real.startsWith(realRoot)) {
            throw new InputException(path, "leaves the project directory through a symbolic link (points to "
                    + real + ")");
        }
    }

    /** A selected file, relative to the project with '/' separators. */
    record Match(String relative, Path path) {
    }

    /**
     * The files a glob (relative to the project) selects, sorted. The walk starts at the glob's literal leading
     * directories, does not enter symbolic-linked directories or {@code .git}, and is bounded.
     */
    List<Match> glob(String glob) {
        String[] segments = glob.split("/");
        int literal = 0;
        while (literal < segments.length && !hasGlobSyntax(segments[literal])) {
            literal++;
        }
        List<Match> matches = new ArrayList<>();
        if (literal == segments.length) {
            Path path = resolve(glob);
            if (isFile(path, "evidence file")) {
                matches.add(new Match(relative(path), path));
            }
            return matches;
        }
        Path start = literal == 0 ? root : resolve(String.join("/", java.util.Arrays.copyOf(segments, literal)));
        if (!Files.isDirectory(start)) {
            return matches;
        }
        for (FileSet.Entry entry : FileSet.under(root, "project directory").include(List.of(Glob.of(glob)))
                .skipVersionControl().maxFiles(MAX_MATCHES).maxVisited(MAX_VISITED).list(start)) {
            matches.add(new Match(entry.relative(), entry.path()));
        }
        matches.sort((a, b) -> a.relative().compareTo(b.relative()));
        return matches;
    }

    /** The directory a glob's search starts in, relative to the project ("." for the project itself). */
    static String searchedDirectory(String glob) {
        String[] segments = glob.split("/");
        List<String> literal = new ArrayList<>();
        for (int i = 0; i < segments.length - 1 && !hasGlobSyntax(segments[i]); i++) {
            literal.add(segments[i]);
        }
        return literal.isEmpty() ? "." : String.join("/", literal) + "/";
    }

    static boolean hasGlobSyntax(String segment) {
        return Glob.hasSyntax(segment);
    }
}
