package dev.aigate.checks.poisoning;

import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.files.FileSet;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the table a policy names, in whichever format it is, and digests its files. */
final class TableLoader {
    /** Bounds for untrusted tables: 64 Mi feature values and 2 GiB of text. */
    static final long MAX_CELLS = 64L << 20;
    static final long MAX_BYTES = 2L << 30;

    private TableLoader() {
    }

    static Table load(Path baseDir, PoisoningConfig.Data data, boolean allowMissing) {
        if (data.csv() != null) {
            return CsvTableReader.read(resolve(baseDir, data.csv()), data.label(), data.categorical(), allowMissing,
                    MAX_BYTES, MAX_CELLS);
        }
        if (data.parquet() != null) {
            return ParquetTableReader.read(resolve(baseDir, data.parquet()), data.label(), data.categorical(),
                    allowMissing, MAX_BYTES, MAX_CELLS);
        }
        return NpyTableReader.read(resolve(baseDir, data.features()), resolve(baseDir, data.labels()),
                data.categorical(), allowMissing, MAX_CELLS);
    }

    /** A policy path inside the project; a symbolic link may not lead out of it either (the file-set rule). */
    static Path resolve(Path baseDir, String relative) {
        Path path = SafePaths.resolveInside(baseDir, relative).orElseThrow(() -> new InputException(baseDir.resolve(
                relative), "path is outside the project directory"));
        return FileSet.under(baseDir, "project directory").requireInside(path);
    }

    static List<Baseline.FileDigest> digests(Path baseDir, Table table) {
        List<Baseline.FileDigest> out = new ArrayList<>();
        for (Path file : table.files()) {
            try {
                out.add(new Baseline.FileDigest(SafePaths.relativize(baseDir, file), Files.size(file),
                        Digests.sha256Hex(file)));
            } catch (IOException e) {
                throw new InputException(file, "cannot read: " + e.getMessage(), e);
            }
        }
        return out;
    }

    static List<InputDigest> inputs(String kind, List<Baseline.FileDigest> digests) {
        List<InputDigest> out = new ArrayList<>();
        for (Baseline.FileDigest file : digests) {
            out.add(new InputDigest(kind, file.path(), file.size(), file.sha256()));
        }
        return out;
    }
}
