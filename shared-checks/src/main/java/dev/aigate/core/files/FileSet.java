package dev.aigate.core.files;

import dev.aigate.core.InputException;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The files under a root that include/exclude globs select, listed with one set of rules for every check (datasets,
 * signing, project files):
 * <ul>
 *   <li>a symbolic link is followed while its target stays inside the root; one that leaves it, a broken one or a loop
 *       is an error naming the link;</li>
 *   <li>only regular files are selected; a FIFO, socket or device where a file is expected is an error (opening one
 *       could block the gate forever);</li>
 *   <li>a name that cannot be recorded as a safe relative path (a backslash, a control character, bytes that are not
 *       UTF-8) is an error;</li>
 *   <li>depth, files and visited entries are bounded.</li>
 * </ul>
 * Errors are {@link InputException}s naming the path and what the root is ("dataset directory", "model directory").
 */
public final class FileSet {
    public static final int DEFAULT_MAX_DEPTH = 128;

    private final Path root;
    private final String what;
    private List<Glob> include = List.of();
    private List<Glob> exclude = List.of();
    private Path skip;
    private boolean skipVcs;
    private int maxFiles = Integer.MAX_VALUE;
    private long maxVisited = Long.MAX_VALUE;

    private FileSet(Path root, String what) {
        this.root = root;
        this.what = what;
    }

    /** @param what what the root is, for messages, e.g. "dataset directory" */
    public static FileSet under(Path root, String what) {
        return new FileSet(root, what);
    }

    /** Patterns a file must match (relative to the root); none selects every file. */
    public FileSet include(List<Glob> globs) {
        this.include = List.copyOf(globs);
        return this;
    }

    /** Patterns that deselect a file even when included. */
    public FileSet exclude(List<Glob> globs) {
        this.exclude = List.copyOf(globs);
        return this;
    }

    /** A file never selected (a lock or signature file that lives inside the root). */
    public FileSet skip(Path file) {
        this.skip = file;
        return this;
    }

    /** Do not enter {@code .git} directories. */
    public FileSet skipVersionControl() {
        this.skipVcs = true;
        return this;
    }

    public FileSet maxFiles(int files) {
        this.maxFiles = files;
        return this;
    }

    public FileSet maxVisited(long entries) {
        this.maxVisited = entries;
        return this;
    }

    /**
     * A selected file: its path relative to the root ('/'-separated), where it is, its size when listed, and its
     * {@link FileIdentity} from the same {@code stat} (of a link's target for a link), null where the file system does
     * not tell one.
     */
    public record Entry(String relative, Path path, long size, FileIdentity identity) {
        public Entry(String relative, Path path, long size) {
            this(relative, path, size, null);
        }
    }

    /** The selected files under the whole root, in walk order (callers sort as their format requires). */
    public List<Entry> list() {
        return list(root);
    }

    /** The selected files under {@code start}, a directory inside the root (e.g. a glob's literal prefix). */
    public List<Entry> list(Path start) {
        if (!Files.exists(root)) {
            throw new InputException(root, what + " not found");
        }
        if (!Files.isDirectory(root)) {
            throw new InputException(root, what.replace(" directory", " path") + " is not a directory");
        }
        Path realRoot = real(root);
        Path skipReal = skip == null ? null : realOrNormal(skip);
        Path skipName = skipReal == null ? null : skipReal.getFileName();
        List<Entry> files = new ArrayList<>();
        if (start.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            new UnixWalk(start, realRoot, skipReal, skipName, files).visit(start,
                    SafePaths.relativize(root, start), 0);
            return files;
        }
        long[] visited = {0};
        try {
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), DEFAULT_MAX_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            count(dir);
                            if (Files.isSymbolicLink(dir)) {
                                requireInside(realRoot, dir);
                            }
                            Path name = dir.getFileName();
                            return skipVcs && !dir.equals(start) && name != null && name.toString().equals(".git")
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            count(file);
                            boolean link = Files.isSymbolicLink(file);
                            Path real = link ? requireInside(realRoot, file) : file;
                            if (attrs.isDirectory()) {
                                throw new InputException(file, "directory nesting deeper than " + DEFAULT_MAX_DEPTH);
                            }
                            if (!attrs.isRegularFile()) {
                                throw new InputException(file, "not a regular file (FIFO, socket or device)");
                            }
                            // A file that is not a link really has its own name: only one named like the skipped
                            // file (or a link) needs its real path resolved to compare.
                            if (skipReal != null && (link || file.getFileName().equals(skipName))
                                    && realOrNormal(real).equals(skipReal)) {
                                return FileVisitResult.CONTINUE;
                            }
                            select(file, SafePaths.relativize(root, file), attrs.size(), null, files);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (e instanceof FileSystemLoopException) {
                                throw new InputException(file, "symbolic link loop");
                            }
                            if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                                throw new InputException(file, "broken symbolic link");
                            }
                            throw new InputException(file, "cannot read: " + e.getMessage(), e);
                        }

                        private void count(Path path) {
                            if (++visited[0] > maxVisited) {
                                throw new InputException(start, "more than " + maxVisited + " entries to visit;"
                                        + " narrow the selection");
                            }
                        }
                    });
        } catch (IOException e) {
            throw new InputException(root, "cannot list " + what + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** Adds the regular file {@code file} when the globs select it, after checking its name can be recorded. */
    private void select(Path file, String relative, long size, FileIdentity identity, List<Entry> files) {
        if (relative.indexOf('\uFFFD') >= 0) {
            // The platform could not decode the name: two such names would collide in a lock.
            throw new InputException(file, "file name is not valid UTF-8 (its bytes: " + rawName(file)
                    + "); rename the file");
        }
        String unsafe = SafePaths.problemWith(relative).orElse(null);
        if (unsafe != null) {
            // Checked before the globs: they never match a name with a line break, which would hide it, and such a
            // name could not be recorded in a lock or a signature.
            throw new InputException(file, "file name cannot be recorded: " + unsafe);
        }
        if ((include.isEmpty() || Glob.anyMatches(include, relative)) && !Glob.anyMatches(exclude, relative)) {
            if (files.size() >= maxFiles) {
                throw new InputException(root, "more than " + maxFiles + " files");
            }
            files.add(new Entry(relative, file, size, identity));
        }
    }

    /**
     * The walk on a POSIX file system: the same rules as the {@link Files#walkFileTree} walk (links followed, checked
     * to stay inside, loops and depth bounded, only regular files), with one {@code lstat} per entry that also gives
     * the file's {@link FileIdentity} (a link costs a second {@code stat} of its target), and relative paths built
     * from the directory's instead of computed per file.
     */
    private final class UnixWalk {
        private static final String ATTRIBUTES = FileIdentity.ATTRIBUTES + ",isDirectory,isRegularFile,isSymbolicLink";

        private final Path start;
        private final Path realRoot;
        private final Path skipReal;
        private final Path skipName;
        private final List<Entry> files;
        /** Device and inode of each directory being walked, for loop detection. */
        private final List<long[]> open = new ArrayList<>();
        private long visited;

        UnixWalk(Path start, Path realRoot, Path skipReal, Path skipName, List<Entry> files) {
            this.start = start;
            this.realRoot = realRoot;
            this.skipReal = skipReal;
            this.skipName = skipName;
            this.files = files;
        }

        void visit(Path path, String relative, int depth) {
            Map<String, Object> attributes;
            boolean link;
            try {
                attributes = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                link = (Boolean) attributes.get("isSymbolicLink");
            } catch (IOException e) {
                throw new InputException(path, "cannot read: " + e.getMessage(), e);
            }
            Path real = path;
            if (link) {
                count(path);
                real = requireInside(realRoot, path);
                try {
                    attributes = Files.readAttributes(path, ATTRIBUTES);
                } catch (IOException e) {
                    throw new InputException(path, "broken symbolic link");
                }
            }
            if ((Boolean) attributes.get("isDirectory")) {
                if (!link) {
                    count(path);
                }
                if (depth >= DEFAULT_MAX_DEPTH) {
                    throw new InputException(path, "directory nesting deeper than " + DEFAULT_MAX_DEPTH);
                }
                directory(path, relative, depth, (Long) attributes.get("dev"), (Long) attributes.get("ino"));
                return;
            }
            if (!link) {
                count(path);
            }
            if (!(Boolean) attributes.get("isRegularFile")) {
                throw new InputException(path, "not a regular file (FIFO, socket or device)");
            }
            // A file that is not a link really has its own name: only one named like the skipped file (or a link)
            // needs its real path resolved to compare.
            if (skipReal != null && (link || path.getFileName().equals(skipName))
                    && realOrNormal(real).equals(skipReal)) {
                return;
            }
            select(path, relative, (Long) attributes.get("size"), FileIdentity.from(attributes), files);
        }

        private void directory(Path dir, String relative, int depth, long device, long inode) {
            for (long[] ancestor : open) {
                if (ancestor[0] == device && ancestor[1] == inode) {
                    throw new InputException(dir, "symbolic link loop");
                }
            }
            Path name = dir.getFileName();
            if (skipVcs && !dir.equals(start) && name != null && name.toString().equals(".git")) {
                return;
            }
            open.add(new long[] {device, inode});
            String prefix = relative.isEmpty() ? "" : relative + "/";
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    visit(entry, prefix + entry.getFileName(), depth + 1);
                }
            } catch (DirectoryIteratorException e) {
                throw new InputException(root, "cannot list " + what + ": " + e.getCause().getMessage(), e);
            } catch (IOException e) {
                throw new InputException(dir, "cannot read: " + e.getMessage(), e);
            }
            open.remove(open.size() - 1);
        }

        private void count(Path path) {
            if (++visited > maxVisited) {
                throw new InputException(start, "more than " + maxVisited + " entries to visit; narrow the selection");
            }
        }
    }

    /**
     * A path inside the root, whose real location (through symbolic links) must stay inside too; a path that does not
     * exist yet is checked as far as it exists.
     */
    public Path requireInside(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        Path rootNormal = root.toAbsolutePath().normalize();
        if (!normal.startsWith(rootNormal)) {
            throw new InputException(path, "lies outside the " + what + " " + rootNormal);
        }
        Path existing = normal;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && existing.startsWith(rootNormal)) {
            requireInside(real(root), existing);
        }
        return normal;
    }

    private Path requireInside(Path realRoot, Path link) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            throw new InputException(link, "broken symbolic link");
        }
        if (!target.startsWith(realRoot)) {
            throw new InputException(link, "symbolic link leaves the " + what + " (points to " + target + ")");
        }
        return target;
    }

    /** The last name of {@code file} as its bytes, percent-encoded where not printable ASCII. */
    static String rawName(Path file) {
        String raw = file.toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        return raw.substring(raw.lastIndexOf('/') + 1);
    }

    private Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new InputException(path, "cannot resolve " + what + ": " + e.getMessage(), e);
        }
    }

    private static Path realOrNormal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
