package dev.aigate.formats;

import java.io.IOException;

/** Called while a model copy is written, before it is committed; tests use it to simulate failures mid-write. */
@FunctionalInterface
public interface WriteHook {
    WriteHook NONE = stage -> { };

    /** {@code stage} names the step just done, e.g. {@code copied} or {@code patched}. */
    void reached(String stage) throws IOException;
}
