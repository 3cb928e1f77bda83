package io.omsbridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.broker.EmbeddedBroker;
import io.omsbridge.event.EventFactory;
import io.omsbridge.iam.IamClient;
import io.omsbridge.iam.TokenCache;
import io.omsbridge.iam.TokenKey;
import io.omsbridge.iam.TokenSteps;
import io.omsbridge.intake.InboxRecovery;
import io.omsbridge.intake.InboxSteps;
import io.omsbridge.intake.ReplyPolicy;
import io.omsbridge.ledger.DutyLease;
import io.omsbridge.ledger.EventOutbox;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.LedgerUnusableException;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.oms.CreateCap;
import io.omsbridge.oms.CreateRecorder;
import io.omsbridge.oms.OmsClient;
import io.omsbridge.oms.Submitter;
import io.omsbridge.poll.TaskPoller;
import io.omsbridge.publish.EventPublisher;
import io.omsbridge.request.Intakes;
import io.omsbridge.request.RequestReader;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.Credential;
import io.omsbridge.settings.LedgerSettings;
import io.omsbridge.settings.PollSettings;
import io.omsbridge.settings.PublishSettings;
import io.omsbridge.settings.SettingsReader;
import io.omsbridge.settings.SubmitSettings;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Makes every bean the routes call, once, at start, and binds it in the registry under the name the routes use. The
 * same class wires an embedding runtime: {@code new BridgeConfiguration().configure(context)}.
 */
public class BridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    /** Every setting the beans need, read and checked together so one start lists every problem. */
    private record Settings(BridgeSettings bridge, SubmitSettings submit, PollSettings poll, PublishSettings publish,
            LedgerSettings ledger, int maxDeliveryAttempts, SimulatorSettings.Builder simulator) {
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings all = readSettings(context.getPropertiesComponent());
        BridgeSettings settings = all.bridge();
        SubmitSettings submit = all.submit();
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();

        if (settings.simulatorEnabled()) {
            settings = startSimulator(context, settings, all.simulator());
        }
        registry.bind("bridgeSettings", settings);

        ObjectMapper mapper = new ObjectMapper();

        // the broker and the request schema do not need the ledger: they start on another core while it opens
        BridgeSettings forBroker = settings;
        CompletableFuture<EmbeddedBroker> broker = !settings.embeddedBroker() ? null : CompletableFuture.supplyAsync(
                () -> startBroker(forBroker, all.maxDeliveryAttempts()));
        BridgeSettings forReader = settings;
        CompletableFuture<RequestReader> readerReady = CompletableFuture.supplyAsync(() -> new RequestReader(
                alias -> forReader.credential(alias).map(Credential::policy), forReader.allowMixedCredentials(),
                forReader.projectId()));
        EventFactory events = new EventFactory(mapper, clock);
        String nodeId;
        LedgerDatabase database = null;
        Ledger ledger;
        try {
            nodeId = settings.nodeId() != null ? settings.nodeId() : NodeId.of(settings.dataDir());
            database = openLedger(all.ledger(), settings.dataDir());
            context.addService(closing("ledger database", database));
            registry.bind("ledgerDatabase", database);
            registry.bind("ledgerDataSource", database.dataSource());
            ledger = new Ledger(database, mapper, events,
                    SecretBox.open(settings.secretKey(), settings.secretKeyFile()), clock, nodeId,
                    submit.leaseMillis());
        } catch (RuntimeException e) {
            // an embedding runtime may never stop a context that did not configure: let go of the broker (its port,
            // its journal lock) and of the ledger's file here
            if (broker != null) {
                broker.thenAccept(ServiceHelper::stopService).exceptionally(ignored -> null).join();
            }
            if (database != null) {
                database.close();
            }
            throw e;
        }
        registry.bind("ledger", ledger);

        if (broker != null) {
            context.addService(join(broker), true, true);
        }
        CachingConnectionFactory connections = new CachingConnectionFactory(connectionFactory(settings));
        connections.setSessionCacheSize(32);
        connections.setCacheConsumers(false);
        // added after the broker, so stopped before it: no "server shutdown" errors from cached connections
        context.addService(closing("JMS connections", connections::destroy));
        registry.bind("jms", jms(connections));

        BridgeSettings s = settings;
        Function<String, TokenKey> tokenKeys = project -> new TokenKey(s.iamEndpoint().toString(), s.iamDomain(),
                s.iamUsername(), project);
        ProducerTemplate template = context.createProducerTemplate();
        IamClient iam = new IamClient(template, mapper, settings.iamPassword());
        TokenCache tokens = new TokenCache(iam::fetch, Duration.ofMillis(settings.tokenRefreshMarginMillis()),
                Duration.ofMillis(settings.tokenFailureBackoffMillis()), clock);
        TokenSteps tokenSteps = new TokenSteps(tokens, tokenKeys);
        registry.bind("tokenCache", tokens);
        registry.bind("tokens", tokenSteps);

        OmsClient oms = new OmsClient(template, mapper, tokens, settings.omsEndpoint().toString(), tokenKeys);
        registry.bind("omsClient", oms);
        CreateCap cap = new CreateCap(submit.maxCreatesPerWindow(), submit.createWindowMillis(), clock);
        if (cap.limit() > 0) {
            cap.seed(ledger.createdSince(clock.millis() - cap.windowMillis(), cap.limit()));
        }
        registry.bind("createCap", cap);
        CreateRecorder recorder = new CreateRecorder(ledger);
        // added after the ledger, so stopped before it: the last creates are written before it closes
        context.addService(closing("create recorder", recorder));
        Submitter submitter = new Submitter(ledger, oms, tokenSteps, cap, recorder, mapper, settings, submit,
                clock);
        registry.bind("submitter", submitter);
        registry.bind("submitRetry", (Processor) submitter::beforeRetry);
        registry.bind("omsRetryPolicy", retryPolicy(submit));

        // one bridge on a shared ledger polls and publishes at a time; it hands its duties back when it stops
        DutyLease duties = new DutyLease(database, nodeId, all.publish().dutyLeaseMillis(), clock);
        context.addService(closing("duty lease", duties));
        registry.bind("dutyLease", duties);
        PollSettings poll = all.poll();
        TaskLedger taskLedger = new TaskLedger(database, mapper, events, clock, poll);
        registry.bind("taskLedger", taskLedger);
        registry.bind("taskPoller", new TaskPoller(taskLedger, oms, poll, clock, duties));
        EventOutbox outbox = new EventOutbox(database, mapper, events, clock);
        registry.bind("eventOutbox", outbox);
        registry.bind("eventPublisher", new EventPublisher(outbox, all.publish(), clock, duties,
                all.publish().replyGiveUpMillis()));

        RequestReader reader = join(readerReady);
        registry.bind("inbox", new InboxSteps(new Intakes(reader, settings.inboxMaxFileBytes()), ledger, mapper,
                replyPolicy(all), all.maxDeliveryAttempts()));

        prepareDirectories(settings);
        InboxRecovery recovery = new InboxRecovery(settings.inbox());
        recovery.recoverAtStart();
        registry.bind("inboxRecovery", recovery);
        int recovered = ledger.recoverOwnSubmissions();
        if (recovered > 0) {
            LOG.info("{} request(s) were being submitted when the bridge stopped; they are checked against OMS and"
                    + " resumed", recovered);
        }
        BridgeSettings ready = settings;
        // the banner says "ready" once the routes run, not while beans are being made
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    Banner.print(ready);
                }
            }
        });
    }

    /** Reads every group of settings, collecting the problems of all of them before refusing to start. */
    private static Settings readSettings(PropertiesComponent properties) {
        List<String> problems = new ArrayList<>();
        BridgeSettings bridge = collect(problems, () -> BridgeSettings.read(properties));
        SubmitSettings submit = collect(problems, () -> SubmitSettings.read(properties));
        PollSettings poll = collect(problems, () -> PollSettings.read(properties));
        Path outbox = bridge != null ? bridge.outbox() : Path.of("data", "outbox");
        PublishSettings publish = collect(problems, () -> PublishSettings.read(properties, outbox));
        Path dataDir = bridge != null ? bridge.dataDir() : Path.of("data");
        LedgerSettings ledger = collect(problems, () -> LedgerSettings.read(properties, dataDir));
        SettingsReader in = new SettingsReader(properties);
        int deliveries = in.integer("broker.max-delivery-attempts", 10, 1, 10_000);
        SimulatorSettings.Builder simulator = null;
        if (bridge != null && bridge.simulatorEnabled()) {
            simulator = SimulatorSettings.builder()
                    .port(bridge.simulatorPort())
                    .user(Defaults.SIM_DOMAIN, Defaults.SIM_USER, Defaults.SIM_PASSWORD, bridge.projectId(),
                            Defaults.SIM_PROJECT_NAME);
            long wait = in.millis("simulator.wait-ms", 2000);
            long run = in.millis("simulator.run-ms", 5000);
            int creates = in.integer("simulator.max-creates-24h", 0, 0, Integer.MAX_VALUE);
            int waiting = in.integer("simulator.max-waiting", 0, 0, Integer.MAX_VALUE);
            try {
                simulator.waitTime(Duration.ofMillis(wait)).runTime(Duration.ofMillis(run)).maxCreatesPer24h(creates)
                        .maxWaitingTasks(waiting).build();
            } catch (IllegalArgumentException e) {
                in.problem("simulator.*: " + e.getMessage());
            }
        }
        problems.addAll(in.problems());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new Settings(bridge, submit, poll, publish, ledger, deliveries, simulator);
    }

    /**
     * Opens the ledger; a ledger that cannot be used (damaged, or an H2 ledger of an earlier build where the new one
     * would go) stops the start with one line saying what was found and what to do.
     */
    private static LedgerDatabase openLedger(LedgerSettings ledger, Path dataDir) {
        Path h2 = dataDir.resolve("db").resolve("ledger.mv.db");
        if (ledger.defaultUrl() && Files.exists(h2)) {
            Path sqlite = LedgerDatabase.sqliteFile(ledger.url());
            if (!Files.exists(sqlite)) {
                throw new ConfigurationException(List.of("ledger: " + h2 + " is the H2 ledger of an earlier"
                        + " oms-bridge; this build keeps its ledger in SQLite (" + sqlite + ") and cannot read H2."
                        + " Let the earlier build finish the requests it holds, then move " + dataDir.resolve("db")
                        + " aside (mv " + dataDir.resolve("db") + " " + dataDir.resolve("db.h2-old")
                        + ") and start again"));
            }
            LOG.warn("ledger: {} is the H2 ledger of an earlier oms-bridge and is not used (the ledger is {}); move it"
                    + " aside once you no longer need it", h2, sqlite);
        }
        try {
            return LedgerDatabase.open(new LedgerDatabase.Options(ledger.url(), ledger.username(), ledger.password(),
                    ledger.poolSize(), LedgerDatabase.Synchronous.valueOf(ledger.synchronous())));
        } catch (LedgerUnusableException e) {
            throw new ConfigurationException(List.of(e.getMessage()));
        }
    }

    private static <T> T collect(List<String> problems, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static BridgeSettings startSimulator(CamelContext context, BridgeSettings settings,
            SimulatorSettings.Builder sim) throws Exception {
        OmsSimulator simulator = OmsSimulator.start(sim.build());
        context.addService(closing("OMS/IAM simulator", simulator));
        context.getRegistry().bind("omsSimulator", simulator);
        BridgeSettings withSimulator = settings.withSimulator(simulator.baseUrl(), Defaults.SIM_DOMAIN,
                Defaults.SIM_USER, Defaults.SIM_PASSWORD);
        // the routes read the endpoints as placeholders: point them at the simulator unless set explicitly
        context.getPropertiesComponent().addOverrideProperty("oms.endpoint", withSimulator.omsEndpoint().toString());
        context.getPropertiesComponent().addOverrideProperty("iam.endpoint", withSimulator.iamEndpoint().toString());
        return withSimulator;
    }

    private static EmbeddedBroker startBroker(BridgeSettings settings, int maxDeliveryAttempts) {
        EmbeddedBroker broker = new EmbeddedBroker(settings.dataDir().resolve("broker"), settings.brokerHost(),
                settings.brokerPort(), maxDeliveryAttempts, settings.brokerUsername(), settings.brokerPassword());
        try {
            broker.start();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
        return broker;
    }

    /** The result of a start-up step run in parallel, with its own exception if it failed. */
    private static <T> T join(CompletableFuture<T> step) throws Exception {
        try {
            return step.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Replies never go to the bridge's own destinations (requests, dead letters, every JMS event endpoint). */
    private static ReplyPolicy replyPolicy(Settings all) {
        Set<String> own = new HashSet<>(Set.of("queue:" + EmbeddedBroker.REQUESTS, "queue:" + EmbeddedBroker.REQUESTS_DLQ,
                "topic:oms.migration.events"));
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

    /** Creates the inbox and outbox. */
    private static void prepareDirectories(BridgeSettings settings) throws IOException {
        Files.createDirectories(settings.inbox());
        Files.createDirectories(settings.outbox());
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
