package dev.aigate.checks.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The committed corpus (fixtures/models) and its manifest, expected.tsv, written by generate.py. */
final class Corpus {
    record Case(String path, String expected, String rule, String contains, String reference) {
        @Override
        public String toString() {
            return path;
        }
    }

    private Corpus() {
    }

    static Path root() {
        String property = System.getProperty("aigate.fixtures");
        Path root = property != null ? Path.of(property) : Path.of("../fixtures/models");
        return root.toAbsolutePath().normalize();
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(root().resolve("expected.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            cases.add(new Case(f[0], f[1], f[2], f[3], f[4]));
        }
        return cases;
    }
}
