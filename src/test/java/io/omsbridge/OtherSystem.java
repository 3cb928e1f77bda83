package io.omsbridge;

import io.omsbridge.config.Defaults;
import io.omsbridge.simulator.OmsSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Another system in the bridge's tenant: it makes tasks of its own (no bridge tag in their descriptions) through
 * hwcloud-oms on a Camel context of its own, signed in as the simulator's IAM user.
 */
public final class OtherSystem implements AutoCloseable {

    private final CamelContext context;
    private final ProducerTemplate template;
    private final String create;

    private OtherSystem(CamelContext context, String create) {
        this.context = context;
        this.template = context.createProducerTemplate();
        this.create = create;
    }

    public static OtherSystem on(OmsSimulator sim) {
        CamelContext context = new DefaultCamelContext();
        context.start();
        return new OtherSystem(
                context,
                "hwcloud-oms:createTask?endpoint=" + sim.baseUrl() + "&projectId="
                        + Defaults.SEED_PROJECT_ID + "&iamEndpoint=" + sim.baseUrl() + "&iamUsername="
                        + Defaults.SIM_USER
                        + "&iamPassword=RAW(" + Defaults.SIM_PASSWORD + ")&iamDomain=" + Defaults.SIM_DOMAIN);
    }

    /** Makes {@code n} tasks, eight at a time, and returns when OMS has them all. */
    public void makeTasks(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> creates = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String body = Requests.inline(null, "other-system-" + i);
                creates.add(pool.submit(() -> template.requestBody(create, body)));
            }
            for (Future<Object> done : creates) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        context.stop();
    }
}
