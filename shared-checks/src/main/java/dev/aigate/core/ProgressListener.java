package dev.aigate.core;

/**
 * Receives progress of long-running work (e.g. hashing a large dataset). Called from worker threads; implementations
 * must be thread-safe and cheap. Adapters decide how often to actually print.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (task, done, total, bytesDone, bytesTotal) -> { };

    /**
     * @param task what is being worked on, e.g. "hashing dataset 'digits'"
     * @param done units (files) done so far
     * @param total units in all
     * @param bytesDone bytes processed so far
     * @param bytesTotal bytes in all
     */
    void progress(String task, long done, long total, long bytesDone, long bytesTotal);
}
