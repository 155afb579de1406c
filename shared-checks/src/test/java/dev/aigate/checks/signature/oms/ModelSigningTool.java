package dev.aigate.checks.signature.oms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real OMS client, sigstore's {@code model_signing} (PyPI {@code model-signing}), in a virtual environment: the
 * one named by {@code AIGATE_MODEL_SIGNING_VENV}, or one this class creates under {@code target/} with
 * {@code python3 -m venv} and pip. Without it the interop tests are skipped with the reason, unless the system
 * property {@code aigate.interop.required} is true (the {@code interop} Maven profile sets it): then they fail, so a
 * CI run cannot pass without having checked anything.
 */
final class ModelSigningTool {
    static final String VERSION = System.getProperty("aigate.modelSigning.version", "1.1.1");
    private static ModelSigningTool instance;
    private static String unavailable;

    final Path venv;

    private ModelSigningTool(Path venv) {
        this.venv = venv;
    }

    static synchronized ModelSigningTool get() {
        if (instance == null && unavailable == null) {
            try {
                instance = locate();
            } catch (IOException | InterruptedException | IllegalStateException e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) {
            String reason = "model_signing is not available: " + unavailable;
            if (Boolean.getBoolean("aigate.interop.required")) {
                Assertions.fail(reason + " (the interop profile requires it)");
            }
            Assumptions.abort(reason);
        }
        return instance;
    }

    private static ModelSigningTool locate() throws IOException, InterruptedException {
        String given = System.getenv("AIGATE_MODEL_SIGNING_VENV");
        Path venv = given != null && !given.isBlank() ? Path.of(given)
                : Path.of("target", "interop-venv").toAbsolutePath();
        if (!Files.isExecutable(venv.resolve("bin/model_signing"))) {
            if (given != null && !given.isBlank()) {
                throw new IllegalStateException("AIGATE_MODEL_SIGNING_VENV=" + given + " has no bin/model_signing");
            }
            String python = System.getenv().getOrDefault("AIGATE_PYTHON", "python3");
            require(run(List.of(python, "-m", "venv", venv.toString()), 120), "cannot create a venv with " + python);
            // pyOpenSSL: model_signing 1.1.1 imports it for the certificate method but does not declare it.
            require(run(List.of(venv.resolve("bin/pip").toString(), "install", "-q", "model-signing==" + VERSION,
                    "pyopenssl"), 600), "pip cannot install model-signing " + VERSION);
        }
        ModelSigningTool tool = new ModelSigningTool(venv);
        require(tool.cli("--version"), "model_signing --version fails");
        return tool;
    }

    private static void require(Run run, String message) {
        if (run.exit() != 0) {
            throw new IllegalStateException(message + ": " + run.output().strip());
        }
    }

    record Run(int exit, String output) {
    }

    Run cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(venv.resolve("bin/model_signing").toString());
        command.addAll(List.of(args));
        return run(command, 300);
    }

    /** Runs a Python snippet with the venv's interpreter (for what the CLI cannot do, such as the shards method). */
    Run python(String code, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(venv.resolve("bin/python").toString(), "-c", code));
        command.addAll(List.of(args));
        return run(command, 300);
    }

    static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
