package dev.aigate.checks.models;

import dev.aigate.core.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/**
 * In-process timing of the scan alone (no JVM start, policy or reports), for finding where time goes; the speed
 * targets are measured whole-process by bench/models.sh.
 *
 *   java -cp ... dev.aigate.checks.models.ScanTiming PROJECT_DIR PATH [rounds]
 */
public final class ScanTiming {
    private ScanTiming() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            List<Path> files = ModelFiles.select(root, List.of(args[1]), List.of());
            long listed = System.nanoTime();
            var result = new ModelScan(root, false, List.of(), ScanLimits.DEFAULT)
                    .run(files, 2, ProgressListener.NONE, "timing");
            long end = System.nanoTime();
            System.out.printf("round %d: %d files, listing %d ms, scan %d ms, %d findings%n", round, files.size(),
                    (listed - start) / 1_000_000, (end - listed) / 1_000_000, result.findings().size());
        }
    }
}
