package dev.aigate.formats;

/**
 * Computes the patches of a model copy. Called while the copy is already under way on another thread, so that
 * reading the carriers (CPU) and copying the bulk of the file (kernel I/O) overlap.
 */
@FunctionalInterface
public interface PatchSource {
    Patches compute();
}
