package dev.aigate.datasets.s3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gofakes3 (a Go S3 server with an in-memory back end that keeps object versions), started as its own process on a
 * port it chooses. S3Proxy, the store of the default build, answers the versioning API with 501; this one keeps
 * versions and delete markers. The binary comes from {@code go install github.com/johannesboyne/gofakes3/cmd/gofakes3}
 * (.ci/run installs it) and is named by the system property {@code gofakes3.binary}: when the versioned-s3 profile
 * asks for these tests, a missing binary fails them rather than skipping.
 */
final class VersioningS3Server implements AutoCloseable {
    static final String BINARY_PROPERTY = "gofakes3.binary";
    private static final Pattern PORT = Pattern.compile("using port: (\\d+)");

    private final Process process;
    private final URI endpoint;

    private VersioningS3Server(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static VersioningS3Server start() throws IOException, InterruptedException {
        String binary = System.getProperty(BINARY_PROPERTY);
        if (binary == null || binary.isBlank() || !Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("the versioned-s3 tests need gofakes3: set -D" + BINARY_PROPERTY
                    + " to its binary (go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0); was "
                    + binary);
        }
        Process process = new ProcessBuilder(List.of(binary, "-backend", "memory", "-host", "127.0.0.1:0",
                "-quiet")).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    Matcher m = PORT.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        });
        try {
            int chosen = port.get(30, TimeUnit.SECONDS);
            if (chosen <= 0) {
                throw new IllegalStateException("gofakes3 ended without naming its port");
            }
            // Keep draining its output so that it never blocks on a full pipe.
            Thread drain = new Thread(() -> output.lines().forEach(line -> { }), "gofakes3-output");
            drain.setDaemon(true);
            drain.start();
            return new VersioningS3Server(process, URI.create("http://127.0.0.1:" + chosen));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("gofakes3 did not start: " + e, e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
