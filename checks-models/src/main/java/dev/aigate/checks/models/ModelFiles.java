package dev.aigate.checks.models;

import dev.aigate.core.InputException;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

/**
 * The files a scan judges: each path a file, a folder (every file below it) or a glob, all inside the project; symbolic
 * links are followed only when they stay inside it, and only regular files are scanned (a FIFO would block, a device
 * never ends). A named path that does not exist, or leaves the project, is an error.
 */
final class ModelFiles {
    static final int MAX_FILES = 1_000_000;
    private static final java.util.function.Predicate<String> ALL = relative -> true;

    private ModelFiles() {
    }

    /** Paths as the policy names them (relative, globs allowed), below {@code baseDir}. */
    static List<Path> select(Path baseDir, List<String> paths, List<String> exclude) {
        Path root = baseDir.toAbsolutePath().normalize();
        List<PathMatcher> excluded = exclude.stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        TreeSet<Path> out = new TreeSet<>();
        for (String entry : paths) {
            if (entry.matches(".*[*?\\[{].*")) {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + entry);
                String fixed = fixedPrefix(entry);
                Path start = fixed.isEmpty() ? root : root.resolve(fixed);
                if (Files.isDirectory(start)) {
                    walk(root, start, out, relative -> matcher.matches(Path.of(relative)));
                }
            } else {
                add(root, root.resolve(entry).normalize(), out, entry);
            }
        }
        List<Path> selected = new ArrayList<>();
        for (Path file : out) {
            if (excluded.isEmpty()
                    || excluded.stream().noneMatch(m -> m.matches(Path.of(SafePaths.relativize(root, file))))) {
                selected.add(file);
            }
        }
        return selected;
    }

    /** Paths given on the command line (absolute or relative to {@code baseDir}), which must lie inside it. */
    static List<Path> given(Path baseDir, List<Path> paths) {
        Path root = baseDir.toAbsolutePath().normalize();
        TreeSet<Path> out = new TreeSet<>();
        for (Path path : paths) {
            add(root, path.toAbsolutePath().normalize(), out, path.toString());
        }
        return new ArrayList<>(out);
    }

    private static void add(Path root, Path path, TreeSet<Path> out, String named) {
        if (!path.startsWith(root)) {
            throw new InputException(path, "model path '" + named + "' lies outside the project " + root);
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(path, "model path '" + named + "' does not exist");
        }
        requireInside(root, path, named);
        if (Files.isDirectory(path)) {
            walk(root, path, out, ALL);
        } else if (Files.isRegularFile(path)) {
            out.add(path);
        } else {
            throw new InputException(path, "model path '" + named + "' is " + dev.aigate.core.io.BoundedFiles.kind(path)
                    + ", not a regular file or folder");
        }
    }

    private static void requireInside(Path root, Path path, String named) {
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new InputException(path, "model path '" + named + "' is a symbolic link to " + real
                        + ", outside the project");
            }
        } catch (IOException e) {
            throw new InputException(path, "model path '" + named + "' cannot be resolved: " + e.getMessage(), e);
        }
    }

    private static void walk(Path root, Path start, TreeSet<Path> out,
            java.util.function.Predicate<String> matches) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new InputException(root, "project folder cannot be resolved: " + e.getMessage(), e);
        }
        walk(root, realRoot, start, out, matches, 0);
    }

    /** Symbolic links are resolved one by one (most files are none, and need no extra system call). */
    private static void walk(Path root, Path realRoot, Path start, TreeSet<Path> out,
            java.util.function.Predicate<String> matches, int depth) {
        if (depth > 8) {
            throw new InputException(start, "symbolic links to folders nested more than 8 deep among the model files");
        }
        try {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), 64, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        Path real;
                        try {
                            real = file.toRealPath();
                        } catch (IOException e) {
                            throw new InputException(file, "a broken symbolic link is among the model files");
                        }
                        if (!real.startsWith(realRoot)) {
                            throw new InputException(file, "a symbolic link to " + real
                                    + ", outside the project, is among the model files");
                        }
                        if (Files.isDirectory(real)) {
                            walk(root, realRoot, file, out, matches, depth + 1);
                            return FileVisitResult.CONTINUE;
                        }
                        if (!Files.isRegularFile(real)) {
                            return FileVisitResult.CONTINUE;
                        }
                    } else if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (matches == ALL || matches.test(SafePaths.relativize(root, file))) {
                        out.add(file.toAbsolutePath().normalize());
                        if (out.size() > MAX_FILES) {
                            throw new InputException(start, "more than " + MAX_FILES + " model files");
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    throw new InputException(file, "cannot be read while listing model files: " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new InputException(start, "cannot list model files: " + e.getMessage(), e);
        }
    }

    private static String fixedPrefix(String glob) {
        StringBuilder prefix = new StringBuilder();
        for (String segment : glob.split("/")) {
            if (segment.matches(".*[*?\\[{].*")) {
                break;
            }
            prefix.append(prefix.length() == 0 ? "" : "/").append(segment);
        }
        return prefix.toString();
    }
}
