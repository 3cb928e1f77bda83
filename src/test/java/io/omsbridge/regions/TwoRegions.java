package io.omsbridge.regions;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.config.Defaults;
import io.omsbridge.model.TaskDescription;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimTask;
import io.omsbridge.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Two simulators as two regions' OMS and IAM (the same IAM user, a project each), and a bridge's settings for both. */
public final class TwoRegions {

    public static final String NORTH = "cn-north-4";
    public static final String EAST = "cn-east-3";
    public static final String NORTH_PROJECT = "north0000000000000000000000000004";
    public static final String EAST_PROJECT = "east00000000000000000000000000003";

    /** A simulator as one region's OMS and IAM: the same IAM user, a project of the region's own. */
    public static SimulatorSettings.Builder region(String name, String project) {
        return SimulatorSettings.builder()
                .region(name)
                .waitTime(Duration.ofMillis(200))
                .runTime(Duration.ofMillis(400))
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .user(Defaults.SIM_DOMAIN, Defaults.SIM_USER, Defaults.SIM_PASSWORD, project, name);
    }

    /** The shared test settings, with the two regions instead of oms.endpoint / oms.project-id / iam.endpoint. */
    public static Map<String, String> twoRegions(OmsSimulator north, OmsSimulator east, Path data) {
        Map<String, String> p = BridgeRun.defaults(north, data);
        p.remove("oms.endpoint");
        p.remove("oms.project-id");
        p.remove("iam.endpoint");
        p.put("oms.regions." + NORTH + ".project-id", NORTH_PROJECT);
        p.put("oms.regions." + NORTH + ".endpoint", north.baseUrl());
        p.put("oms.regions." + NORTH + ".iam-endpoint", north.baseUrl());
        p.put("oms.regions." + EAST + ".project-id", EAST_PROJECT);
        p.put("oms.regions." + EAST + ".endpoint", east.baseUrl());
        p.put("oms.regions." + EAST + ".iam-endpoint", east.baseUrl());
        return p;
    }

    public static String to(String region, String requestId, String sourceBucket) {
        return Requests.inline(requestId, sourceBucket)
                .replace("\"region\":\"cn-north-1\"", "\"region\":\"" + region + "\"");
    }

    public static List<SimTask> tasksOf(OmsSimulator sim, String requestId) {
        return sim.tasks().all().stream()
                .filter(t -> requestId.equals(TaskDescription.requestIdOf(t.description())))
                .toList();
    }

    private TwoRegions() {}
}
