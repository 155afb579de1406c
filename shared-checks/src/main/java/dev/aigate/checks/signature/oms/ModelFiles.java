package dev.aigate.checks.signature.oms;

import dev.aigate.core.InputException;
import dev.aigate.core.io.BoundedFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The files of a model as the spec enumerates them: every regular file below the model folder (or the one file of a
 * single-file model), minus the exclusions, named by its '/' separated path relative to the folder.
 *
 * <p>Symbolic links: without {@code allowSymlinks} a link is a problem; with it, a link is followed (its name is the
 * link's, its content the target's) only when its target stays inside the model folder. Anything but files,
 * folders and such links (a FIFO, a device) is an error: hashing it could block or never end.
 */
public final class ModelFiles {
    /** More files than any real model has; a bound on memory for hostile folders. */
    public static final int MAX_FILES = 1_000_000;
    private static final int MAX_DEPTH = 256;

    /** A file of the model. */
    public record ModelFile(String name, Path path, long size, boolean viaSymlink) {
    }

    /** A path that cannot be part of a model as signed: a link where none are allowed, or one that leaves the folder. */
    public record Problem(Kind kind, String name, String detail) {
        public enum Kind { SYMLINK, ESCAPES }
    }

    /** What enumeration found. */
    public record Listing(Path root, String modelName, List<ModelFile> files, List<Problem> problems) {
        public long bytes() {
            return files.stream().mapToLong(ModelFile::size).sum();
        }
    }

    private final Path root;
    private final Path realRoot;
    private final boolean singleFile;
    private final boolean allowSymlinks;
    private final List<String> ignores;
    private final List<ModelFile> files = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    /** The real paths of the folders being listed, outermost first: a link back to one of them is a cycle. */
    private final Deque<Path> ancestors = new ArrayDeque<>();

    private ModelFiles(Path model, boolean allowSymlinks, List<String> ignores) throws IOException {
        Path absolute = model.toAbsolutePath().normalize();
        this.singleFile = !Files.isDirectory(absolute);
        this.root = singleFile ? absolute.getParent() : absolute;
        this.realRoot = root.toRealPath();
        this.allowSymlinks = allowSymlinks;
        this.ignores = ignores;
    }

    /**
     * Lists the model at {@code model} (a folder or one file).
     *
     * @param ignores paths relative to the model folder to leave out (with everything below them); the spec's default
     *     exclusions are always added, as top-level names
     */
    public static Listing list(Path model, boolean allowSymlinks, List<String> ignores) {
        List<String> all = new ArrayList<>(OmsFormat.DEFAULT_IGNORES);
        ignores.forEach(all::add);
        try {
            if (!Files.exists(model, LinkOption.NOFOLLOW_LINKS)) {
                throw new InputException(model, "model not found");
            }
            ModelFiles walk = new ModelFiles(model, allowSymlinks, all);
            Path absolute = model.toAbsolutePath().normalize();
            if (walk.singleFile) {
                walk.visit(absolute, absolute.getFileName().toString(), 0);
            } else {
                walk.ancestors.push(walk.realRoot);
                walk.children(absolute, "", 0);
            }
            String name = absolute.getFileName() == null ? "model" : absolute.getFileName().toString();
            return new Listing(walk.root, name, List.copyOf(walk.files), List.copyOf(walk.problems));
        } catch (NoSuchFileException e) {
            throw new InputException(model, "a file of the model disappeared while it was listed: " + e.getFile());
        } catch (IOException e) {
            throw new InputException(model, "cannot list the model: " + e.getMessage(), e);
        }
    }

    private void children(Path dir, String prefix, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InputException(dir, "folders nested deeper than " + MAX_DEPTH + " levels");
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                entries.add(entry);
            }
        }
        for (Path entry : entries) {
            String name = prefix + entry.getFileName();
            visit(entry, name, depth);
        }
    }

    private void visit(Path path, String name, int depth) throws IOException {
        if (!singleFile && ignored(name)) {
            return;
        }
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        boolean viaSymlink = false;
        if (attributes.isSymbolicLink()) {
            if (!allowSymlinks) {
                problems.add(new Problem(Problem.Kind.SYMLINK, name, "is a symbolic link to "
                        + Files.readSymbolicLink(path)));
                return;
            }
            Path target;
            try {
                target = path.toRealPath();
            } catch (NoSuchFileException e) {
                throw new InputException(path, "is a broken symbolic link");
            }
            if (!target.startsWith(realRoot) || target.equals(realRoot)) {
                problems.add(new Problem(Problem.Kind.ESCAPES, name, "is a symbolic link to " + target
                        + ", outside the model folder"));
                return;
            }
            attributes = Files.readAttributes(target, BasicFileAttributes.class);
            viaSymlink = true;
        }
        if (attributes.isDirectory()) {
            if (singleFile) {
                return;
            }
            Path real = path.toRealPath();
            if (ancestors.contains(real)) {
                problems.add(new Problem(Problem.Kind.ESCAPES, name, "is a symbolic link cycle (back to "
                        + real + ")"));
                return;
            }
            ancestors.push(real);
            children(path, name + "/", depth + 1);
            ancestors.pop();
        } else if (attributes.isRegularFile()) {
            if (files.size() >= MAX_FILES) {
                throw new InputException(root, "the model has more than " + MAX_FILES + " files");
            }
            files.add(new ModelFile(name, path, attributes.size(), viaSymlink));
        } else {
            throw new InputException(path, "is " + BoundedFiles.kind(path) + ", which cannot be part of a model");
        }
    }

    /** An ignore path excludes itself and everything below it; it matches from the model folder only. */
    private boolean ignored(String name) {
        for (String ignore : ignores) {
            if (name.equals(ignore) || name.startsWith(ignore + "/")) {
                return true;
            }
        }
        return false;
    }
}
