package io.omsbridge;

import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimTask;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads the simulator's task store back as "which request made how many tasks" (from the description tag). */
public final class Tasks {

    private static final Pattern TAG = Pattern.compile("^\\[oms-bridge:([^\\]@]+)");

    private Tasks() {}

    public static Map<String, Long> perRequest(OmsSimulator sim) {
        return sim.tasks().all().stream()
                .map(Tasks::requestId)
                .filter(id -> id != null)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    public static String requestId(SimTask task) {
        Matcher m = TAG.matcher(task.description() == null ? "" : task.description());
        return m.find() ? m.group(1) : null;
    }
}
