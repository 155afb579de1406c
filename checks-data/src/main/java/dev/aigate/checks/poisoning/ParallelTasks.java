package dev.aigate.checks.poisoning;

import dev.aigate.core.GateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent tasks on daemon threads and returns their results in task order, so a result never depends on
 * the thread count; an interruption or a failed task is a {@link GateException} saying what was being done.
 */
final class ParallelTasks {
    private ParallelTasks() {
    }

    static <T> List<T> run(List<Callable<T>> tasks, int threads, String threadName, String doing, String failed) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())), runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GateException("interrupted while " + doing, e);
        } catch (ExecutionException e) {
            throw new GateException(failed + ": " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
