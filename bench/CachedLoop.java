import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs one aigate command several times in one JVM and prints each run's milliseconds: what the command costs once the
 * JVM is warm, against the first run's cost (bench/warmup.sh; `java -cp <cli jar> bench/CachedLoop.java N args...`).
 */
public class CachedLoop {
    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        String[] command = java.util.Arrays.copyOfRange(args, 1, args.length);
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            int code = dev.aigate.cli.AigateCommand.execute(command, new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()));
            if (code != 0) {
                throw new IllegalStateException("exit code " + code + " from " + String.join(" ", command));
            }
            System.out.println("run " + (i + 1) + " " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }
}
