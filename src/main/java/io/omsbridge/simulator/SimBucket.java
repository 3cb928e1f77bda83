package io.omsbridge.simulator;

import java.util.List;

/** A bucket the simulated OMS can see: where it is and which objects it holds (for CheckPrefix). */
public record SimBucket(String name, String region, List<String> objectKeys) {

    public SimBucket {
        objectKeys = List.copyOf(objectKeys);
    }

    boolean hasPrefix(String prefix) {
        return prefix.isEmpty() || objectKeys.stream().anyMatch(k -> k.startsWith(prefix));
    }
}
