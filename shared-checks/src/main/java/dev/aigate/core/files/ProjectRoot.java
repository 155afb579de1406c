package dev.aigate.core.files;

import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one path rule of aigate: every path the policy names, and every path a file names, must lie inside the project
 * directory (the policy's folder) or inside a root the policy widens explicitly with {@code roots:}, both where it is
 * written and where it really is after following symbolic links. Anything else is an {@link InputException} naming the
 * path. A path that does not exist yet (a lock file still to write) is checked as far as it exists.
 */
public final class ProjectRoot {
    private final Path dir;
    private final List<Path> roots;

    private ProjectRoot(Path dir, List<Path> roots) {
        this.dir = dir;
        this.roots = roots;
    }

    /** The project directory alone. */
    public static ProjectRoot of(Path projectDir) {
        return of(projectDir, List.of());
    }

    /** @param widened further roots, absolute or relative to the project directory (the policy's {@code roots:}) */
    public static ProjectRoot of(Path projectDir, List<Path> widened) {
        Path dir = projectDir.toAbsolutePath().normalize();
        List<Path> roots = new ArrayList<>();
        roots.add(dir);
        for (Path root : widened) {
            roots.add(dir.resolve(root).normalize());
        }
        return new ProjectRoot(dir, List.copyOf(roots));
    }

    /** The project directory, against which relative paths resolve. */
    public Path dir() {
        return dir;
    }

    /** The project directory first, then the widened roots. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * The path {@code named} (relative to the project directory, or absolute) after checking it stays inside a root.
     *
     * @param what what the path is, for messages: "dataset 'training' path", "lockFile"
     */
    public Path resolve(String named, String what) {
        if (named == null || named.isBlank()) {
            throw new InputException(dir, what + " is empty");
        }
        Path path;
        try {
            path = dir.resolve(named);
        } catch (InvalidPathException e) {
            throw new InputException(dir, what + " '" + named + "' is not a valid path: " + e.getReason());
        }
        return requireInside(path, what);
    }

    /** {@code path}, normalised, after checking that it and its real location stay inside a root. */
    public Path requireInside(Path path, String what) {
        Path normal = dir.resolve(path).normalize();
        Path root = containing(roots, normal).orElseThrow(() -> new InputException(normal, what
                + " lies outside the project directory " + dir + widenHint()));
        Path existing = normal;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.startsWith(root)) {
            return normal;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new InputException(existing, what + ": broken symbolic link or unreadable path (" + e.getMessage()
                    + ")");
        }
        if (containing(realRoots(), real).isEmpty()) {
            throw new InputException(normal, what + " leads outside the project directory " + dir
                    + " through a symbolic link (to " + real + ")" + widenHint());
        }
        return normal;
    }

    /** Whether {@code path} stays inside a root (both checks of {@link #requireInside}). */
    public boolean contains(Path path) {
        try {
            requireInside(path, "path");
            return true;
        } catch (InputException e) {
            return false;
        }
    }

    private List<Path> realRoots() {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                // a root that does not exist holds nothing
            }
        }
        return real;
    }

    private static Optional<Path> containing(List<Path> roots, Path path) {
        return roots.stream().filter(path::startsWith).findFirst();
    }

    private String widenHint() {
        return roots.size() > 1 ? " or the roots the policy widens it with ('roots:' " + roots.subList(1, roots.size())
                + ")" : "; to use data on another mount, name that folder under 'roots:' in the policy";
    }
}
