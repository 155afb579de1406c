import dev.aigate.checks.datasets.DatasetScanner;
import dev.aigate.core.files.FileHasher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hashing phase of dataset verification in one process, with 1 and 2 threads, after a warm-up round: how well
 * the parallel hasher itself scales, apart from the fixed costs of a whole process (JVM start, policy, reports).
 *
 *   java -cp cli/target/aigate-cli-VERSION-all.jar bench/HashScaling.java bench/work/many/data
 */
public class HashScaling {
    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        List<FileHasher.Job> jobs = new ArrayList<>();
        for (DatasetScanner.ScannedFile file : DatasetScanner.scan(root, List.of("**"), List.of(), null)) {
            jobs.add(new FileHasher.Job(file.relative(), file.path(), file.size()));
        }
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int round = 0; round < 5; round++) {
            for (int threads = 1; threads <= 2; threads++) {
                long start = System.nanoTime();
                new FileHasher(threads, null).hash("bench", jobs);
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (round > 0) {
                    best[threads] = Math.min(best[threads], millis);
                }
            }
        }
        System.out.printf("in-process hashing of %d files: 1 thread %d ms, 2 threads %d ms, speed-up %.2fx%n",
                jobs.size(), best[1], best[2], (double) best[1] / best[2]);
    }
}
