package dev.aigate.checks.datasets;

import dev.aigate.core.InputException;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists the files of a dataset directory that its include/exclude globs select. Symbolic links are followed only while
 * they stay inside the dataset directory; one that leaves it, a broken one, a loop or an unreadable directory is an
 * {@link InputException} naming the path.
 */
public final class DatasetScanner {
    public static final int MAX_FILES = LockFileIO.MAX_FILES_PER_DATASET;
    private static final int MAX_DEPTH = 128;

    private DatasetScanner() {
    }

    /** A selected file: its path relative to the dataset root ('/' separated) and its size when listed. */
    public record ScannedFile(String relative, Path path, long size) {
    }

    /** @param skip a file never to select (the lock file, when it lives inside the dataset) */
    public static List<ScannedFile> scan(Path root, List<String> include, List<String> exclude, Path skip) {
        if (!Files.exists(root)) {
            throw new InputException(root, "dataset directory not found");
        }
        if (!Files.isDirectory(root)) {
            throw new InputException(root, "dataset path is not a directory");
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new InputException(root, "cannot resolve dataset directory: " + e.getMessage(), e);
        }
        List<PathMatcher> includes = matchers(include);
        List<PathMatcher> excludes = matchers(exclude);
        Path skipReal = realOrNull(skip);
        List<ScannedFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (Files.isSymbolicLink(dir)) {
                                requireInside(realRoot, dir);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            Path real = Files.isSymbolicLink(file) ? requireInside(realRoot, file) : file;
                            if (attrs.isDirectory()) {
                                throw new InputException(file, "directory nesting deeper than " + MAX_DEPTH);
                            }
                            if (!attrs.isRegularFile()) {
                                throw new InputException(file, "not a regular file (device, pipe or socket)");
                            }
                            if (skipReal != null && realOrNull(real).equals(skipReal)) {
                                return FileVisitResult.CONTINUE;
                            }
                            String relative = SafePaths.relativize(root, file);
                            String unsafe = SafePaths.problemWith(relative).orElse(null);
                            if (unsafe != null) {
                                // The lock reader rejects such a path (e.g. a backslash), so never write one. Checked
                                // before the globs: they never match a name with a line break, which would hide it.
                                throw new InputException(file, "file name cannot be recorded in a lock file: "
                                        + unsafe);
                            }
                            Path relativePath = Paths.get(relative);
                            if (matchesAny(includes, relativePath) && !matchesAny(excludes, relativePath)) {
                                if (files.size() >= MAX_FILES) {
                                    throw new InputException(root, "more than " + MAX_FILES + " files");
                                }
                                files.add(new ScannedFile(relative, file, attrs.size()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (e instanceof FileSystemLoopException) {
                                throw new InputException(file, "symbolic link loop");
                            }
                            throw new InputException(file, "cannot read: " + e.getMessage(), e);
                        }
                    });
        } catch (IOException e) {
            throw new InputException(root, "cannot list dataset directory: " + e.getMessage(), e);
        }
        files.sort((a, b) -> DatasetDigest.comparePaths(a.relative(), b.relative()));
        return files;
    }

    private static Path requireInside(Path realRoot, Path link) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            throw new InputException(link, "broken symbolic link");
        }
        if (!target.startsWith(realRoot)) {
            throw new InputException(link, "symbolic link leaves the dataset directory (points to " + target + ")");
        }
        return target;
    }

    private static Path realOrNull(Path path) {
        if (path == null) {
            return null;
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            // "**/x" should also match "x" at the top level, as users of gitignore-style globs expect.
            if (glob.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
        return matchers;
    }

    private static boolean matchesAny(List<PathMatcher> matchers, Path relative) {
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(relative)) {
                return true;
            }
        }
        return false;
    }
}
