package dev.aigate.checks.datasets.source;

import dev.aigate.core.files.FileSet;
import dev.aigate.core.files.Glob;
import dev.aigate.core.io.BoundedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The default store: a directory, listed by {@link FileSet}'s rules (regular files only, links must stay inside,
 * no devices or pipes; globs prune the walk). It keeps no versions and no checksums of its own. Local datasets are
 * listed through it; their files are hashed by {@link dev.aigate.core.files.FileHasher}, which schedules large
 * files first.
 */
public final class LocalDatasetSource implements DatasetSource {
    private final Path root;
    private final String location;
    private final Path skip;
    private final List<String> include;
    private final List<String> exclude;

    /**
     * @param include globs of the files to list (relative to the root; {@code **} for all)
     * @param exclude globs of files not to list
     * @param skip a file never to list (the lock file, when it lives inside the dataset), or null
     */
    public LocalDatasetSource(Path root, String location, List<String> include, List<String> exclude, Path skip) {
        this.root = root;
        this.location = location;
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.skip = skip;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public List<StoredObject> list(int maxObjects) {
        List<StoredObject> objects = new ArrayList<>();
        for (FileSet.Entry entry : files(maxObjects)) {
            objects.add(new StoredObject(entry.relative(), entry.size(), null));
        }
        return objects;
    }

    /** The files {@link #list} names, with where each is and its identity from the listing's own {@code stat}. */
    public List<FileSet.Entry> files(int maxObjects) {
        return FileSet.under(root, "dataset directory").include(Glob.all(include)).exclude(Glob.all(exclude))
                .skip(skip).maxFiles(maxObjects).list();
    }

    @Override
    public String storedSha256(StoredObject object) {
        return null;
    }

    @Override
    public InputStream open(StoredObject object) throws IOException {
        Path file = root.resolve(object.relative());
        BoundedFiles.requireRegularFile(file, "dataset file");
        return Files.newInputStream(file);
    }
}
