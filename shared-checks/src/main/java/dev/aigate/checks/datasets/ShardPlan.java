package dev.aigate.checks.datasets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a lock's files are split into shards, so that every shard run and the merge compute the same split from the
 * lock alone. The units are the locked files, except that a file with chunk digests is one unit per chunk. Units are
 * taken largest first (ties: dataset name, path in code point order, chunk), and each goes to the shard that has the
 * fewest bytes so far (ties: fewest units, then the lowest shard number). Every unit is in exactly one shard, and no
 * shard has more bytes than the average plus the largest unit.
 */
final class ShardPlan {
    static final int MAX_SHARDS = 1024;
    private static final Pattern SPEC = Pattern.compile("([1-9][0-9]{0,3})/([1-9][0-9]{0,3})");

    /** Shard {@code index} of {@code count}, both counted from 1. */
    record Shard(int index, int count) {
        Shard {
            if (count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
                throw new IllegalArgumentException("shard " + index + "/" + count + " is not one of 1/N to N/N"
                        + " with N from 1 to " + MAX_SHARDS);
            }
        }

        /** Parses {@code K/N}. */
        static Shard parse(String text) {
            Matcher matcher = SPEC.matcher(text == null ? "" : text.strip());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("shard '" + text + "' must be K/N, e.g. 3/16");
            }
            return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /**
     * One piece of work: a whole file ({@code chunk} -1) or one chunk of a file, with the bytes it covers.
     */
    record Unit(String dataset, String path, int chunk, long offset, long length) {
        boolean wholeFile() {
            return chunk < 0;
        }

        String describe() {
            return dataset + ":" + path + (wholeFile() ? "" : " chunk " + chunk + " (bytes " + offset + "-"
                    + (offset + length - 1) + ")");
        }
    }

    private static final Comparator<Unit> ORDER = Comparator.comparingLong(Unit::length).reversed()
            .thenComparing(Unit::dataset, DatasetDigest::comparePaths)
            .thenComparing(Unit::path, DatasetDigest::comparePaths)
            .thenComparingInt(Unit::chunk);

    private ShardPlan() {
    }

    /** Every unit of the lock, in lock order. */
    static List<Unit> units(DatasetLock lock) {
        List<Unit> units = new ArrayList<>();
        for (DatasetLock.Entry entry : lock.datasets()) {
            for (DatasetLock.FileRecord file : entry.files()) {
                if (file.chunks() == null) {
                    units.add(new Unit(entry.name(), file.path(), -1, 0, file.size()));
                    continue;
                }
                int count = (int) file.chunks().count(file.size());
                for (int chunk = 0; chunk < count; chunk++) {
                    units.add(new Unit(entry.name(), file.path(), chunk, file.chunks().offset(chunk),
                            file.chunks().length(chunk, file.size())));
                }
            }
        }
        return units;
    }

    /** The units of every shard: element {@code k - 1} holds shard k's, largest first. */
    static List<List<Unit>> partition(DatasetLock lock, int shards) {
        new Shard(1, shards);
        List<Unit> units = units(lock);
        units.sort(ORDER);
        List<List<Unit>> assigned = new ArrayList<>(shards);
        long[] bytes = new long[shards];
        PriorityQueue<Integer> leastLoaded = new PriorityQueue<>(Comparator.<Integer>comparingLong(k -> bytes[k])
                .thenComparingInt(k -> assigned.get(k).size()).thenComparingInt(k -> k));
        for (int k = 0; k < shards; k++) {
            assigned.add(new ArrayList<>());
            leastLoaded.add(k);
        }
        for (Unit unit : units) {
            int k = leastLoaded.poll();
            assigned.get(k).add(unit);
            bytes[k] += unit.length();
            leastLoaded.add(k);
        }
        return assigned;
    }

    /** The units of one shard. */
    static List<Unit> of(DatasetLock lock, Shard shard) {
        return partition(lock, shard.count()).get(shard.index() - 1);
    }
}
