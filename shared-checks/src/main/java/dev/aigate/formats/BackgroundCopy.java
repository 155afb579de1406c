package dev.aigate.formats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Runs a copy on its own thread while the caller computes the patches; {@link #finish()} waits for it. */
public final class BackgroundCopy {
    /** A copy step that may fail with an I/O error. */
    @FunctionalInterface
    public interface Step {
        void run() throws IOException;
    }

    private final FutureTask<Void> task;
    private final Thread thread;

    BackgroundCopy(Step step) {
        this.task = new FutureTask<>(() -> {
            step.run();
            return null;
        });
        this.thread = new Thread(task, "aigate-model-copy");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for the copy; rethrows its failure. */
    void finish() throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException("interrupted while copying the model");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IOException(cause);
        }
    }

    /** Stops the copy (its output is about to be discarded) and waits until the thread has ended. */
    void abandon() {
        task.cancel(true);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
