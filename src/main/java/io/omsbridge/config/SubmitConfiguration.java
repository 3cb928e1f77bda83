package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.hwcloud.oms.OmsApiVersion;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.settings.SubmitSettings;
import io.omsbridge.submit.ClaimBudget;
import io.omsbridge.submit.ClaimLeases;
import io.omsbridge.submit.ClaimedRequests;
import io.omsbridge.submit.CreateBodies;
import io.omsbridge.submit.CreateCap;
import io.omsbridge.submit.CreateRecorder;
import io.omsbridge.submit.CreatedTasks;
import io.omsbridge.submit.EarlierTasks;
import io.omsbridge.submit.OmsBuckets;
import io.omsbridge.submit.Preflight;
import io.omsbridge.submit.SubmitFailures;
import io.omsbridge.submit.TaskListings;
import io.omsbridge.tasks.OmsTasks;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * Submission ({@code routes/submit.camel.yaml}): claim, search if an earlier attempt may have made the task, create,
 * record; the creates cap, the claims held at once, and the retries of a create OMS did not answer.
 */
public class SubmitConfiguration implements CamelConfiguration {

    /** v2 serves list offsets up to 10,000; v1 sets no such limit. */
    private static final int V2_MAX_LIST_OFFSET = 10_000;

    private final ObjectMapper mapper = new ObjectMapper();

    @BindToRegistry
    public CreateCap createCap(
            @BeanInject(AllSettings.BEAN) AllSettings all, @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new CreateCap(all.submit().maxCreatesPerWindow(), all.submit().createWindowMillis(), clock);
    }

    /** Claims held at once: a request beyond them waits unclaimed, so a crash leaves about this many in doubt. */
    @BindToRegistry
    public ClaimBudget claimBudget(CamelContext context, @BeanInject(AllSettings.BEAN) AllSettings all) {
        ClaimBudget budget = new ClaimBudget(all.submit().claimAhead());
        ProducerTemplate topUps = context.createProducerTemplate();
        budget.onRoom(() -> topUps.sendBody("seda:oms-submit-topup?size=1&discardWhenFull=true", null));
        return budget;
    }

    @BindToRegistry
    public ClaimedRequests claimedRequests(
            @BeanInject("ledger") Ledger ledger, @BeanInject("claimBudget") ClaimBudget budget) {
        return new ClaimedRequests(ledger, budget);
    }

    @BindToRegistry
    public ClaimLeases claimLeases(
            @BeanInject("ledger") Ledger ledger,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new ClaimLeases(ledger, all.submit().leaseMillis(), clock);
    }

    @BindToRegistry
    public EarlierTasks earlierTasks(
            @BeanInject("omsTasks") OmsTasks tasks,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        OmsApiVersion version = OmsApiVersion.valueOf(all.bridge().oms().apiVersion());
        return new EarlierTasks(
                listingsOfTasks(tasks, version, all.submit(), clock),
                version == OmsApiVersion.v2 ? listingsOfGroups(tasks, all.submit(), clock) : null,
                clock);
    }

    @BindToRegistry
    public CreateBodies createBodies(
            @BeanInject("ledger") Ledger ledger, @BeanInject(AllSettings.BEAN) AllSettings all) {
        return new CreateBodies(
                ledger,
                mapper,
                all.bridge()::credential,
                OmsApiVersion.valueOf(all.bridge().oms().apiVersion()));
    }

    /** The check before a task ({@code "preflight": true}, or {@code bridge.requests.preflight} by default). */
    @BindToRegistry
    public Preflight preflight(CamelContext context, @BeanInject(AllSettings.BEAN) AllSettings all) {
        return new Preflight(
                new OmsBuckets(context.createProducerTemplate()),
                mapper,
                all.bridge().preflight());
    }

    /** Writes the creates in batches; a service started after the ledger, so the last are written before it closes. */
    @BindToRegistry
    public CreateRecorder createRecorder(@BeanInject("ledger") Ledger ledger) {
        return new CreateRecorder(ledger);
    }

    @BindToRegistry
    public CreatedTasks createdTasks(
            @BeanInject("createRecorder") CreateRecorder recorder, @BeanInject("ledger") Ledger ledger) {
        return new CreatedTasks(recorder, ledger);
    }

    @BindToRegistry
    public SubmitFailures submitFailures(
            @BeanInject("ledger") Ledger ledger,
            @BeanInject("createCap") CreateCap cap,
            @BeanInject(AllSettings.BEAN) AllSettings all,
            @BeanInject(BridgeConfiguration.CLOCK_BEAN) Clock clock) {
        return new SubmitFailures(ledger, cap, all.submit(), clock);
    }

    /** Made on first use: Camel orders a class's bean methods one dependency deep, and this is the second. */
    @BindToRegistry(lazy = true)
    public Processor submitRetry(@BeanInject("submitFailures") SubmitFailures failures) {
        return failures::beforeRetry;
    }

    /** Retries of 5xx, 429 and unanswered creates: exponential back-off with jitter, bounded, not blocking a thread. */
    @BindToRegistry
    public RedeliveryPolicy omsRetryPolicy(@BeanInject(AllSettings.BEAN) AllSettings all) {
        SubmitSettings submit = all.submit();
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(submit.retries());
        policy.setRedeliveryDelay(submit.retryDelayMillis());
        policy.setMaximumRedeliveryDelay(submit.retryMaxDelayMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        policy.setAsyncDelayedRedelivery(true);
        policy.setLogRetryAttempted(true);
        policy.setRetryAttemptedLogLevel(LoggingLevel.INFO);
        policy.setLogStackTrace(false);
        return policy;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // started after the ledger, so stopped before it: the last creates are written before it closes
        context.addService(
                context.getRegistry().lookupByNameAndType("createRecorder", CreateRecorder.class), true, true);
    }

    /** The task list, searched for a task an earlier attempt may have made (v2 lists no further than 10,000). */
    private static TaskListings listingsOfTasks(
            OmsTasks tasks, OmsApiVersion version, SubmitSettings submit, Clock clock) {
        int maxOffset = version == OmsApiVersion.v2 ? V2_MAX_LIST_OFFSET : Integer.MAX_VALUE;
        return new TaskListings(
                (project, region, offset, limit) -> tasks.list(project, region, offset, limit, null),
                maxOffset,
                submit.searchClockMarginMillis(),
                clock);
    }

    /** v2's list of task groups, searched for a group an earlier attempt may have made; groups are keyed by group_id.
     * */
    private static TaskListings listingsOfGroups(OmsTasks tasks, SubmitSettings submit, Clock clock) {
        return new TaskListings(
                (project, region, offset, limit) -> tasks.listGroups(project, region, offset, limit),
                "group_id",
                Integer.MAX_VALUE,
                submit.searchClockMarginMillis(),
                clock);
    }
}
