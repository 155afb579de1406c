package dev.aigate.checks.watermark;

import java.nio.file.Path;

/** Child process for the kill test: embeds, announces it is mid-write, then waits to be killed. */
public final class EmbedSlowly {
    private EmbedSlowly() {
    }

    public static void main(String[] args) {
        Watermarking.embed(Path.of(args[0]), Path.of(args[1]), WatermarkRobustnessTest.KEY,
                WatermarkParams.defaults(), WatermarkRobustnessTest.PAYLOAD, stage -> {
                    if (stage.equals("copied")) {
                        System.out.println("MID-WRITE");
                        System.out.flush();
                        try {
                            Thread.sleep(120_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
    }
}
