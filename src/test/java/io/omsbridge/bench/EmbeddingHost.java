package io.omsbridge.bench;

import io.omsbridge.config.BridgeConfiguration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * A host's Camel Main application in a JVM of its own, with or without the bridge embedded (as embed-main does):
 * starts, sends {@code N} requests through {@code direct:oms-migration-request} if asked, then on each line
 * {@code measure} of its standard input prints its live threads (by name prefix) and its heap after a forced GC.
 * Arguments: {@code host|bridge}, the number of requests, then the host's settings as {@code key=value}.
 */
public final class EmbeddingHost {

    static final String REQUEST = "{\"src_node\":{\"region\":\"cn-beijing\",\"credential\":\"src\",\"object_key\":"
            + "{\"path\":\"\",\"keys\":[]},\"bucket\":\"esb-src\",\"cloud_type\":\"AWS\"},\"thread_num\":10,"
            + "\"enableKMS\":false,\"dst_node\":{\"region\":\"cn-north-1\",\"credential\":\"dst\","
            + "\"object_key\":\"/\",\"bucket\":\"esb-dst\"}}";

    private EmbeddingHost() {}

    public static void main(String[] args) throws Exception {
        boolean bridge = "bridge".equals(args[0]);
        int requests = Integer.parseInt(args[1]);
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                // the host's own work: one route of its own beside the bridge's
                from("direct:esb-in").routeId("esb-own").to("seda:esb-out");
            }
        });
        main.addOverrideProperty("camel.main.name", "esb");
        if (bridge) {
            main.addOverrideProperty("camel.main.configuration-classes", BridgeConfiguration.class.getName());
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
        }
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            main.addOverrideProperty(kv[0], kv[1]);
        }
        long start = System.nanoTime();
        main.start();
        System.out.println("cost.start-ms=" + (System.nanoTime() - start) / 1_000_000);
        System.out.println("cost.uptime-at-started-ms="
                + ManagementFactory.getRuntimeMXBean().getUptime());
        if (requests > 0) {
            send(main.getCamelContext().createProducerTemplate(), requests);
        }
        System.out.println("cost.ready");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); "measure".equals(line); line = commands.readLine()) {
            measure();
        }
        main.stop();
    }

    /** The requests from a few threads of the host's own, which end before anything is measured. */
    private static void send(ProducerTemplate template, int requests) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<String>> acks = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String id = "cost-" + i;
            acks.add(senders.submit(() -> template.requestBodyAndHeader(
                    "direct:oms-migration-request", REQUEST, "requestId", id, String.class)));
        }
        int accepted = 0;
        for (Future<String> ack : acks) {
            accepted += ack.get().contains("\"status\":\"accepted\"") ? 1 : 0;
        }
        senders.shutdown();
        System.out.println("cost.accepted=" + accepted);
    }

    private static void measure() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Map<String, Integer> byPrefix = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> byPrefix.merge(prefix(t.getName()), 1, Integer::sum));
        System.out.println("cost.heap-after-gc-bytes=" + heap);
        System.out.println("cost.threads=" + ManagementFactory.getThreadMXBean().getThreadCount());
        byPrefix.forEach((name, count) -> System.out.println("cost.thread-group." + name + "=" + count));
        System.out.println("cost.measured");
    }

    /** A thread's name without its numbers: the pool or the kind it belongs to. */
    static String prefix(String name) {
        return name.replaceAll("\\d+", "#").replaceAll("[=\\s]+", "_");
    }
}
