package io.omsbridge.simulator;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source buckets whose objects a test has named, each with its modification time: a task over such a bucket migrates
 * exactly its objects, and with {@code migrate_since} (epoch seconds) skips those last modified at or before it
 * (compared
 * in whole seconds, as S3-style sources date objects). A bucket no one named keeps the simulator's made-up contents.
 */
public final class SimBuckets {

    /** What a task over a named bucket finds: how many objects, and how many of them it skips as unchanged. */
    record Contents(long objects, long unchanged) {}

    private final Map<String, Map<String, Long>> buckets = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failNext = new ConcurrentHashMap<>();
    private final Clock clock;

    SimBuckets(Clock clock) {
        this.clock = clock;
    }

    /** Puts the objects in the bucket, or changes them: modified now, by the simulator's clock. */
    public void put(String bucket, List<String> keys) {
        put(bucket, keys, clock.millis());
    }

    /** The same, modified at {@code modifiedAtMillis}. */
    public void put(String bucket, List<String> keys, long modifiedAtMillis) {
        Map<String, Long> objects = buckets.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>());
        keys.forEach(key -> objects.put(key, modifiedAtMillis));
    }

    /** The next task created over the bucket fails (its objects that it does not skip fail, up to a tenth). */
    public void failNextTask(String bucket) {
        failNext.put(bucket, true);
    }

    /** Whether the task being created over the bucket is the one to fail; asked once per task. */
    boolean takeFailure(String bucket) {
        return failNext.remove(bucket) != null;
    }

    /** The bucket's contents for a task created now; null for a bucket no one named. */
    Contents contents(String bucket, long migrateSinceSeconds) {
        Map<String, Long> objects = buckets.get(bucket);
        if (objects == null || objects.isEmpty()) {
            return null;
        }
        long unchanged = migrateSinceSeconds <= 0
                ? 0
                : objects.values().stream()
                        .filter(modified -> modified / 1000 <= migrateSinceSeconds)
                        .count();
        return new Contents(objects.size(), unchanged);
    }
}
