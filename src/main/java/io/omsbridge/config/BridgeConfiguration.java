package io.omsbridge.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.broker.EmbeddedBroker;
import io.omsbridge.cluster.DutyCluster;
import io.omsbridge.event.EventFactory;
import io.omsbridge.hwcloud.oms.OmsApiVersion;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.intake.InboxRecovery;
import io.omsbridge.intake.InboxSteps;
import io.omsbridge.intake.ReplyPolicy;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.GroupLedger;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerUnusableException;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.model.Duties;
import io.omsbridge.model.DutyActivity;
import io.omsbridge.oms.OmsTasks;
import io.omsbridge.operations.TaskOperations;
import io.omsbridge.poll.GroupPoller;
import io.omsbridge.poll.TaskPoller;
import io.omsbridge.publish.EventPublisher;
import io.omsbridge.request.Intakes;
import io.omsbridge.request.RequestReader;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.ClusterSettings;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.Credential;
import io.omsbridge.settings.HttpSettings;
import io.omsbridge.settings.LedgerSettings;
import io.omsbridge.settings.PollSettings;
import io.omsbridge.settings.PublishSettings;
import io.omsbridge.settings.SettingsReader;
import io.omsbridge.settings.SubmitSettings;
import io.omsbridge.simulator.SimulatorSettings;
import io.omsbridge.submit.ClaimBudget;
import io.omsbridge.submit.ClaimLeases;
import io.omsbridge.submit.ClaimedRequests;
import io.omsbridge.submit.CreateBodies;
import io.omsbridge.submit.CreateCap;
import io.omsbridge.submit.CreateRecorder;
import io.omsbridge.submit.CreatedTasks;
import io.omsbridge.submit.EarlierTasks;
import io.omsbridge.submit.SubmitFailures;
import io.omsbridge.submit.TaskListings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Makes every bean the routes call, once, and binds it in the registry under the name the routes use; what starts
 * something (the simulator, the ledger, the broker, the recorder) is a service the Camel context starts and stops,
 * in the order added here and the reverse. The same class wires an embedding runtime:
 * {@code new BridgeConfiguration().configure(context)}.
 */
public class BridgeConfiguration implements CamelConfiguration {

    /** The registry name of a {@link Clock} the bridge uses instead of the system's (tests bind one). */
    public static final String CLOCK_BEAN = "omsBridgeClock";

    /** Every setting the beans need, read and checked together so one start lists every problem. */
    private record Settings(BridgeSettings bridge, SubmitSettings submit, PollSettings poll, PublishSettings publish,
            LedgerSettings ledger, HttpSettings http, int maxDeliveryAttempts, SimulatorSettings simulator,
            ClusterSettings cluster) {
    }

    /** The registry name of the {@link PortCheck} of the ports this bridge listens on (to explain a failed bind). */
    public static final String PORTS_BEAN = "omsBridgePorts";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings all = readSettings(context.getPropertiesComponent());
        // before anything starts: a second bridge on this data directory, or a port taken, stops here in one line
        DataDirLock lock = DataDirLock.acquire(all.bridge().dataDir());
        try {
            PortCheck ports = PortCheck.of(all.bridge(), all.http());
            ports.requireFree();
            context.getRegistry().bind(PORTS_BEAN, ports);
            // the first service, so the last stopped: the lock is held until everything else has let go
            context.addService(closing(lock.toString(), lock), true, true);
            context.addService(starting("HTTP servers bound", () -> ports.requireServersBound(context)), true, true);
            wire(context, all);
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
    }

    private void wire(CamelContext context, Settings all) throws Exception {
        BridgeSettings settings = all.bridge();
        SubmitSettings submit = all.submit();
        Registry registry = context.getRegistry();
        // this node's clock (a test binds one of its own): event times, the creates cap, when to renew a lease; the
        // leases themselves are judged on the ledger's clock
        Clock clock = Optional.ofNullable(registry.lookupByNameAndType(CLOCK_BEAN, Clock.class))
                .orElse(Clock.systemUTC());
        ObjectMapper mapper = new ObjectMapper();
        registry.bind("bridgeSettings", settings);

        // OMS: the routes say hwcloud-oms:<operation>; the component has the endpoint, the project and the keys
        OmsComponent oms = context.getComponent("hwcloud-oms", OmsComponent.class);
        OmsWiring.apply(oms, settings.oms());
        oms.setClock(clock);
        Supplier<String> omsEndpoint = () -> oms.getConfiguration().getEndpoint();
        if (settings.simulatorEnabled()) {
            context.addService(new SimulatorService(all.simulator(), oms, settings.oms()), true, true);
        }

        // the ledger: opened (checked, migrated) as the context starts, closed after the routes stop
        String nodeId = settings.nodeId() != null ? settings.nodeId() : NodeId.of(settings.dataDir());
        LedgerDatabase database = ledger(all.ledger());
        context.addService(new LedgerStartup(database, all.ledger(), settings.dataDir()), true, true);
        registry.bind("ledgerDatabase", database);
        EventFactory events = new EventFactory(mapper, clock);
        SecretBox secretBox = SecretBox.open(settings.secretKey(), settings.secretKeyFile());
        Ledger ledger = new Ledger(database, mapper, events, secretBox, clock, nodeId, submit.leaseMillis());
        registry.bind("ledger", ledger);

        EmbeddedBroker broker = null;
        if (settings.embeddedBroker()) {
            broker = new EmbeddedBroker(settings.dataDir().resolve("broker"), settings.brokerHost(),
                    settings.brokerPort(), all.maxDeliveryAttempts(), settings.brokerUsername(),
                    settings.brokerPassword());
            context.addService(broker, true, true);
        }
        jakarta.jms.ConnectionFactory brokerConnections = connectionFactory(settings);
        CachingConnectionFactory connections = new CachingConnectionFactory(brokerConnections);
        connections.setSessionCacheSize(32);
        connections.setCacheConsumers(false);
        // added after the broker, so stopped before it: no "server shutdown" errors from cached connections
        context.addService(closing("JMS connections", connections::destroy), true, true);
        registry.bind("jms", jms(connections));

        // submission: claim, search if an earlier attempt may have made the task, create, record
        OmsApiVersion version = OmsApiVersion.valueOf(settings.oms().apiVersion());
        OmsTasks tasks = new OmsTasks(context.createProducerTemplate(), version);
        CreateCap cap = new CreateCap(submit.maxCreatesPerWindow(), submit.createWindowMillis(), clock);
        registry.bind("createCap", cap);
        CreateRecorder recorder = new CreateRecorder(ledger);
        // started after the ledger, so stopped before it: the last creates are written before it closes
        context.addService(recorder, true, true);
        // claims held at once: a request beyond them waits unclaimed, so a crash leaves about this many in doubt
        ClaimBudget claimBudget = new ClaimBudget(submit.claimAhead());
        org.apache.camel.ProducerTemplate topUps = context.createProducerTemplate();
        claimBudget.onRoom(() -> topUps.sendBody("seda:oms-submit-topup?size=1&discardWhenFull=true", null));
        registry.bind("claimedRequests", new ClaimedRequests(ledger, claimBudget));
        registry.bind("claimLeases", new ClaimLeases(ledger, submit.leaseMillis(), clock));
        // v2 serves list offsets up to 10,000; v1 sets no such limit
        int maxOffset = version == OmsApiVersion.v2 ? 10_000 : Integer.MAX_VALUE;
        TaskListings groupListings = version == OmsApiVersion.v2 ? new TaskListings((project, offset, limit) ->
                tasks.listGroups(project, offset, limit), "group_id", Integer.MAX_VALUE,
                submit.searchClockMarginMillis(), clock) : null;
        registry.bind("earlierTasks", new EarlierTasks(new TaskListings((project, offset, limit) -> tasks.list(
                project, offset, limit, null), maxOffset, submit.searchClockMarginMillis(), clock), groupListings,
                clock));
        registry.bind("createBodies", new CreateBodies(ledger, mapper, settings::credential, version));
        registry.bind("createdTasks", new CreatedTasks(recorder, ledger));
        SubmitFailures failures = new SubmitFailures(ledger, cap, submit, clock);
        registry.bind("submitFailures", failures);
        registry.bind("submitRetry", (Processor) failures::beforeRetry);
        registry.bind("omsRetryPolicy", retryPolicy(submit));

        // operations on migrations (stop, start, retry, delete): recorded when accepted, applied by the operate route
        OperationLedger operations = new OperationLedger(database, mapper, events, secretBox, clock, nodeId,
                submit.leaseMillis());
        registry.bind("operationLedger", operations);
        registry.bind("taskOperations", new TaskOperations(operations, tasks, settings::credential, mapper,
                submit.parkMillis()));

        // one bridge of several polls, publishes and sweeps at a time: the duties' routes run under Camel's cluster
        // service (bridge.cluster), and the beans ask it again before each step
        Duties duties = DutyCluster.wire(context, all.cluster(), database, nodeId, all.publish().dutyLeaseMillis(),
                clock);
        TaskLedger taskLedger = new TaskLedger(database, mapper, events, clock, all.poll());
        registry.bind("taskLedger", taskLedger);
        registry.bind("groupPoller", new GroupPoller(new GroupLedger(database, mapper, events, clock,
                all.poll().progressStep()), tasks, duties));
        DutyActivity polls = new DutyActivity(Duties.POLL, clock);
        // shows of tasks that left the listings run this many at once; Camel shuts the threads down as it stops
        registry.bind("taskPoller", new TaskPoller(taskLedger, tasks, all.poll(), clock, duties, polls,
                context.getExecutorServiceManager().newFixedThreadPool(this, "poll-show", all.poll().showThreads())));
        EventOutbox outbox = new EventOutbox(database, mapper, events, clock);
        registry.bind("eventOutbox", outbox);
        DutyActivity publishing = new DutyActivity(Duties.PUBLISH, clock);
        registry.bind("eventPublisher", new EventPublisher(outbox, all.publish(), clock, duties,
                all.publish().replyGiveUpMillis(), publishing));

        RequestReader reader = new RequestReader(alias -> settings.credential(alias).map(Credential::policy),
                settings.allowMixedCredentials(), settings.projectId(), settings.oms().v2());
        Intakes intakes = new Intakes(reader, settings.inboxMaxFileBytes());
        // operating it: meters, health checks, the API and the dashboard
        OperateWiring.apply(context, new OperateWiring.Parts(settings, all.http(), clock, mapper, database, oms, cap,
                broker, brokerConnections, polls, publishing, operations, intakes, duties));

        registry.bind("inbox", new InboxSteps(intakes, ledger, mapper, replyPolicy(all), all.maxDeliveryAttempts(),
                claimBudget));
        InboxRecovery recovery = new InboxRecovery(settings.inbox());
        registry.bind("inboxRecovery", recovery);
        // last: what a crash left (half-read files, claims in flight, the cap's window) is taken up before the routes
        context.addService(new StartupRecovery(settings, recovery, ledger, operations, cap, claimBudget), true,
                true);

        // the banner says "ready" once the routes run, not while beans are being made
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    Banner.print(settings, all.http(), omsEndpoint.get());
                }
            }
        });
    }

    /** Reads every group of settings, collecting the problems of all of them before refusing to start. */
    private static Settings readSettings(PropertiesComponent properties) {
        List<String> problems = new ArrayList<>();
        BridgeSettings bridge = collect(problems, () -> BridgeSettings.read(properties));
        long deadline = bridge != null ? bridge.oms().deadlineMillis() : 0;
        SubmitSettings submit = collect(problems, () -> SubmitSettings.read(properties, deadline));
        PollSettings poll = collect(problems, () -> PollSettings.read(properties));
        Path outbox = bridge != null ? bridge.outbox() : Path.of("data", "outbox");
        PublishSettings publish = collect(problems, () -> PublishSettings.read(properties, outbox));
        Path dataDir = bridge != null ? bridge.dataDir() : Path.of("data");
        LedgerSettings ledger = collect(problems, () -> LedgerSettings.read(properties, dataDir));
        HttpSettings http = collect(problems, () -> HttpSettings.read(properties));
        ClusterSettings cluster = collect(problems, () -> ClusterSettings.read(properties, dataDir));
        SettingsReader in = new SettingsReader(properties);
        int deliveries = in.integer("broker.max-delivery-attempts", 10, 1, 10_000);
        SimulatorSettings simulator = null;
        if (bridge != null && bridge.simulatorEnabled()) {
            simulator = simulatorSettings(bridge, in);
        }
        problems.addAll(in.problems());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new Settings(bridge, submit, poll, publish, ledger, http, deliveries, simulator, cluster);
    }

    /** The in-process simulator: the seed's IAM user, and the AK/SK pairs of {@code simulator.aksk} (AK:SK,...). */
    private static SimulatorSettings simulatorSettings(BridgeSettings bridge, SettingsReader in) {
        SimulatorSettings.Builder simulator = SimulatorSettings.builder()
                .port(bridge.simulatorPort())
                .user(Defaults.SIM_DOMAIN, Defaults.SIM_USER, Defaults.SIM_PASSWORD, bridge.projectId(),
                        Defaults.SIM_PROJECT_NAME);
        long wait = in.millis("simulator.wait-ms", 2000);
        long run = in.millis("simulator.run-ms", 5000);
        int creates = in.integer("simulator.max-creates-24h", 0, 0, Integer.MAX_VALUE);
        int waiting = in.integer("simulator.max-waiting", 0, 0, Integer.MAX_VALUE);
        for (String pair : in.string("simulator.aksk", "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.trim().length() - 1) {
                // never echoes the pair: its second half is a secret key
                in.problem("simulator.aksk: must be a comma list of AK:SK pairs");
                continue;
            }
            simulator.accessKey(pair.trim().substring(0, colon).trim(), pair.trim().substring(colon + 1).trim());
        }
        try {
            return simulator.waitTime(Duration.ofMillis(wait)).runTime(Duration.ofMillis(run))
                    .maxCreatesPer24h(creates).maxWaitingTasks(waiting).build();
        } catch (IllegalArgumentException e) {
            in.problem("simulator.*: " + e.getMessage());
            return null;
        }
    }

    private static LedgerDatabase ledger(LedgerSettings ledger) {
        try {
            return new LedgerDatabase(new LedgerDatabase.Options(ledger.url(), ledger.username(), ledger.password(),
                    ledger.poolSize(), LedgerDatabase.Synchronous.valueOf(ledger.synchronous())));
        } catch (LedgerUnusableException e) {
            throw new ConfigurationException(List.of(e.getMessage()));
        }
    }

    private static <T> T collect(List<String> problems, Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Replies never go to the bridge's own destinations (requests, dead letters, every JMS event endpoint). */
    private static ReplyPolicy replyPolicy(Settings all) {
        Set<String> own = new HashSet<>(Set.of("queue:" + EmbeddedBroker.REQUESTS, "queue:"
                + EmbeddedBroker.REQUESTS_DLQ, "topic:oms.migration.events"));
        for (String endpoint : all.publish().endpoints()) {
            String uri = endpoint.contains("?") ? endpoint.substring(0, endpoint.indexOf('?')) : endpoint;
            if (uri.startsWith("jms:") || uri.startsWith("amqp:")) {
                String destination = uri.substring(uri.indexOf(':') + 1);
                own.add(destination.startsWith("topic:") || destination.startsWith("queue:") ? destination
                        : "queue:" + destination);
            }
        }
        return new ReplyPolicy(own, all.bridge().replyToPattern());
    }

    /** Retries of 5xx, 429 and unanswered creates: exponential back-off with jitter, bounded, not blocking a thread. */
    private static RedeliveryPolicy retryPolicy(SubmitSettings submit) {
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

    /** Artemis' client for vm:// and tcp:// URLs; Qpid JMS for amqp:// and amqps://, which most brokers speak. */
    private static jakarta.jms.ConnectionFactory connectionFactory(BridgeSettings settings) {
        if (settings.amqpBroker()) {
            JmsConnectionFactory amqp = new JmsConnectionFactory(settings.brokerUrl());
            amqp.setUsername(settings.brokerUsername());
            amqp.setPassword(settings.brokerPassword());
            return amqp;
        }
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(settings.brokerUrl());
        if (settings.brokerUsername() != null) {
            artemis.setUser(settings.brokerUsername());
            artemis.setPassword(settings.brokerPassword());
        }
        return artemis;
    }

    private static JmsComponent jms(CachingConnectionFactory connections) {
        JmsComponent jms = JmsComponent.jmsComponent(connections);
        jms.setIncludeAllJMSXProperties(false);
        return jms;
    }

    /** Runs a check when the Camel context starts, in the order services were added. */
    private static ServiceSupport starting(String what, Runnable check) {
        return new ServiceSupport() {
            @Override
            protected void doStart() {
                check.run();
            }

            @Override
            public String toString() {
                return what;
            }
        };
    }

    /** Closes a resource when the Camel context stops, after the routes that use it. */
    private static ServiceSupport closing(String what, AutoCloseable resource) {
        return new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }

            @Override
            public String toString() {
                return what;
            }
        };
    }
}
