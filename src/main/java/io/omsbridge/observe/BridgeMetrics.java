package io.omsbridge.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omsbridge.hwcloud.oms.OmsCall;
import io.omsbridge.intake.InboxOutcome;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.RequestSource;
import io.omsbridge.poll.PollCycle;
import io.omsbridge.submit.SubmitAttempt;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ExchangeProperty;

/**
 * The bridge's own meters, in the names dashboards and alerts rely on (design.md): Micrometer names whose Prometheus
 * form is {@code omsbridge_requests_accepted_total}, {@code omsbridge_task_creates_total} and so on (design.md's
 * {@code omsbridge_tasks_created_total} cannot be: Prometheus reserves a name ending in {@code _created}). The gauges
 * that read the ledger are registered with them ({@code LedgerGauges}).
 */
public final class BridgeMetrics {

    /** The code of the series {@code omsbridge_oms_errors_total} has before any error: no code. */
    public static final String NO_CODE = "";

    private final MeterRegistry registry;
    /** Creates by destination region, registered once each; "" is the series there from the start. */
    private final Map<String, Counter> tasksCreated = new ConcurrentHashMap<>();

    private final Timer pollCycle;
    private final Counter pollCalls;
    /** OMS errors by code, registered once each. */
    private final Map<String, Counter> omsErrors = new ConcurrentHashMap<>();

    /** Registered once: the accept path only increments them. */
    private final Map<RequestSource, Map<AcceptOutcome.Kind, Counter>> intakeCounters =
            new EnumMap<>(RequestSource.class);

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        // omsbridge_task_creates_total: Prometheus forbids a name ending in _created (OpenMetrics' creation times)
        tasksCreated.put(NO_CODE, createsCounter(NO_CODE));
        this.pollCycle = Timer.builder("omsbridge.poll.cycle")
                .description("How long a status poll cycle took")
                .register(registry);
        this.pollCalls = Counter.builder("omsbridge.poll.calls")
                .description("OMS calls made by status polls")
                .register(registry);
        // the series a scrape sees before the first error: Prometheus reads code="" as no code, so
        // sum(rate(omsbridge_oms_errors_total[5m])) is 0 from the start instead of empty
        omsErrors.put(NO_CODE, omsErrorCounter(NO_CODE));
        for (RequestSource source : RequestSource.values()) {
            Map<AcceptOutcome.Kind, Counter> byKind = new EnumMap<>(AcceptOutcome.Kind.class);
            for (AcceptOutcome.Kind kind : AcceptOutcome.Kind.values()) {
                byKind.put(kind, register(source, kind));
            }
            intakeCounters.put(source, byKind);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The accept route's step: each request of the input, by where it came from and what became of it. */
    public void accepted(@ExchangeProperty(BridgeConstants.INBOX_OUTCOME) InboxOutcome outcome) {
        if (outcome == null) {
            return;
        }
        RequestSource from = outcome.source();
        for (AcceptOutcome o : outcome.outcomes()) {
            if (!o.forOperation()) {
                intakeCounters.get(from).get(o.kind()).increment();
            }
        }
    }

    private Counter register(RequestSource source, AcceptOutcome.Kind kind) {
        String name = switch (kind) {
            case ACCEPTED -> "omsbridge.requests.accepted";
            case DUPLICATE -> "omsbridge.requests.duplicate";
            case REJECTED -> "omsbridge.requests.rejected";
        };
        return Counter.builder(name)
                .description("Requests by what became of them at the inbox")
                .tag("source", source.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    /** The create route's step once OMS answered a create with its task. */
    public void taskCreated(@ExchangeProperty(BridgeConstants.ATTEMPT) SubmitAttempt attempt) {
        String region = attempt == null ? null : attempt.record().region();
        tasksCreated
                .computeIfAbsent(region == null ? NO_CODE : region, this::createsCounter)
                .increment();
    }

    private Counter createsCounter(String region) {
        return Counter.builder("omsbridge.task.creates")
                .description("OMS tasks the bridge created, by destination"
                        + " region (region=\"\": none recorded, and the zero series there from the start)")
                .tag("region", region)
                .register(registry);
    }

    /** An OMS call ended; a failed one counts under its error code. */
    public void omsCall(OmsCall call) {
        if (!call.succeeded()) {
            String code =
                    call.errorCode() == null || call.errorCode().isEmpty() ? "HTTP." + call.status() : call.errorCode();
            omsErrors.computeIfAbsent(code, this::omsErrorCounter).increment();
        }
    }

    private Counter omsErrorCounter(String code) {
        return Counter.builder("omsbridge.oms.errors")
                .description("OMS calls that failed, by OMS's error code"
                        + " (code=\"\": the zero series there from the start)")
                .tag("code", code)
                .register(registry);
    }

    /** The poll route's step: the cycle that just ran (body in, unchanged). */
    public void pollCycle(PollCycle cycle) {
        if (cycle.due() == 0) {
            // a cycle with nothing to do (or on a bridge that does not hold the duty) is not a poll
            return;
        }
        pollCycle.record(Duration.ofMillis(cycle.millis()));
        pollCalls.increment(cycle.calls());
    }
}
