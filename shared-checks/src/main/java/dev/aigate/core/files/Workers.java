package dev.aigate.core.files;

import dev.aigate.core.GateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one worker on a few daemon threads and waits for them: the hashers' shared thread handling. */
public final class Workers {
    private Workers() {
    }

    /**
     * Runs {@code worker} on {@code workers} threads (on the caller's thread when one is enough) and waits for all.
     * An interrupt while waiting interrupts the workers and is recorded in {@code failure}.
     *
     * @param name prefix of the threads' names
     * @param task what the workers do, for the interrupt's message ("hashing dataset 'train'")
     */
    public static void run(Runnable worker, int workers, String name, AtomicReference<GateException> failure,
            String task) {
        if (workers <= 1) {
            worker.run();
            return;
        }
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(worker, name + "-" + i);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new GateException("interrupted while " + task));
                started.forEach(Thread::interrupt);
            }
        }
    }
}
