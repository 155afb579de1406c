package dev.aigate.datasets.s3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Versity Gateway ({@code versitygw}, an S3 gateway over a POSIX directory, Apache 2.0), started as its own process on
 * a free loopback port with its posix back end: it keeps object versions and delete markers, stores the SHA-256
 * checksums clients send, and checks request signatures. S3Proxy, the store of the default build, answers the
 * versioning and checksum APIs with 501. The binary comes from {@code go install
 * github.com/versity/versitygw/cmd/versitygw} (.ci/run installs it) and is named by the system property
 * {@code versitygw.binary}: when the s3-gateway profile asks for these tests, a missing binary fails them.
 */
final class VersityGateway implements AutoCloseable {
    static final String BINARY_PROPERTY = "versitygw.binary";
    static final String ACCESS_KEY = "aigate-gateway-access";
    static final String SECRET_KEY = "aigate-gateway-secret";

    private final Process process;
    private final URI endpoint;

    private VersityGateway(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts the gateway serving the buckets under {@code root}/buckets, with versions under {@code root}/versions. */
    static VersityGateway start(Path root) throws IOException, InterruptedException {
        String binary = System.getProperty(BINARY_PROPERTY);
        if (binary == null || binary.isBlank() || !Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("the s3-gateway tests need versitygw: set -D" + BINARY_PROPERTY
                    + " to its binary (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0); was " + binary);
        }
        Path buckets = Files.createDirectories(root.resolve("buckets"));
        Path versions = Files.createDirectories(root.resolve("versions"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(binary, "--port", "127.0.0.1:" + port, "posix",
                "--versioning-dir", versions.toString(), buckets.toString())).redirectErrorStream(true);
        builder.environment().put("ROOT_ACCESS_KEY", ACCESS_KEY);
        builder.environment().put("ROOT_SECRET_KEY", SECRET_KEY);
        Process process = builder.start();
        Deque<String> output = drain(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("versitygw ended with " + process.exitValue() + ": " + output);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new VersityGateway(process, URI.create("http://127.0.0.1:" + port));
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("versitygw did not listen on port " + port + " within 30 s: " + output);
    }

    /** Reads the process's output on a daemon thread (so it never blocks on a full pipe), keeping the last lines. */
    private static Deque<String> drain(Process process) {
        Deque<String> last = new ArrayDeque<>();
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (last) {
                        last.addLast(line);
                        if (last.size() > 20) {
                            last.removeFirst();
                        }
                    }
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "versitygw-output");
        thread.setDaemon(true);
        thread.start();
        return last;
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
