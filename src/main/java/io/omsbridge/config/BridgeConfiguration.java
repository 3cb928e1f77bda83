package io.omsbridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.broker.EmbeddedBroker;
import io.omsbridge.event.EventFactory;
import io.omsbridge.event.EventPublisher;
import io.omsbridge.iam.IamClient;
import io.omsbridge.iam.TokenCache;
import io.omsbridge.iam.TokenKey;
import io.omsbridge.iam.TokenSteps;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.LedgerDatabase;
import io.omsbridge.ledger.SecretBox;
import io.omsbridge.ledger.TaskLedger;
import io.omsbridge.oms.OmsClient;
import io.omsbridge.oms.Submitter;
import io.omsbridge.poll.TaskPoller;
import io.omsbridge.request.InboxSteps;
import io.omsbridge.request.Intakes;
import io.omsbridge.request.RequestReader;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Makes every bean the routes call, once, at start, and binds it in the registry under the name the routes use. The
 * same class wires an embedding runtime: {@code new BridgeConfiguration().configure(context)}.
 */
public class BridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        BridgeSettings settings = BridgeSettings.read(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();

        if (settings.simulatorEnabled()) {
            settings = startSimulator(context, settings);
        }
        registry.bind("bridgeSettings", settings);

        ObjectMapper mapper = new ObjectMapper();

        LedgerDatabase database = LedgerDatabase.open(settings.ledgerUrl(), settings.ledgerUsername(),
                settings.ledgerPassword(), intProperty(context, "ledger.pool-size", 16));
        context.addService(closing("ledger database", database));
        registry.bind("ledgerDataSource", database.dataSource());
        EventFactory events = new EventFactory(mapper, clock);
        Ledger ledger = new Ledger(database.dataSource(), mapper, events,
                SecretBox.open(settings.secretKey(), settings.dataDir().resolve("secret.key")), clock,
                settings.nodeId() != null ? settings.nodeId() : NodeId.of(settings.dataDir()),
                settings.submitLeaseMillis());
        registry.bind("ledger", ledger);

        if (settings.embeddedBroker()) {
            EmbeddedBroker broker = new EmbeddedBroker(settings.dataDir().resolve("broker"), settings.brokerPort(),
                    intProperty(context, "broker.max-delivery-attempts", 10));
            broker.start();
            context.addService(broker, true, true);
        }
        CachingConnectionFactory connections = new CachingConnectionFactory(
                new ActiveMQConnectionFactory(settings.brokerUrl()));
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
        registry.bind("tokenRefresh", (Processor) tokenSteps::refresh);

        OmsClient oms = new OmsClient(template, mapper, tokens, settings.omsEndpoint().toString(), tokenKeys);
        registry.bind("omsClient", oms);
        registry.bind("submitter", new Submitter(ledger, oms, mapper, settings));
        registry.bind("omsRetryPolicy", retryPolicy(context));

        PollSettings poll = PollSettings.read(context.getPropertiesComponent());
        TaskLedger taskLedger = new TaskLedger(database.dataSource(), mapper, events, clock, poll);
        registry.bind("taskLedger", taskLedger);
        registry.bind("taskPoller", new TaskPoller(taskLedger, oms, poll, clock));
        registry.bind("eventPublisher", new EventPublisher(taskLedger,
                PublishSettings.read(context.getPropertiesComponent(), settings.outbox()), clock));

        RequestReader reader = new RequestReader(alias -> s.credential(alias).isPresent(), settings.projectId());
        registry.bind("inbox", new InboxSteps(new Intakes(reader, settings.inboxMaxFileBytes()), ledger, mapper));

        prepareDirectories(settings);
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

    private static BridgeSettings startSimulator(CamelContext context, BridgeSettings settings) throws Exception {
        SimulatorSettings.Builder sim = SimulatorSettings.builder()
                .port(settings.simulatorPort())
                .user(Defaults.SIM_DOMAIN, Defaults.SIM_USER, Defaults.SIM_PASSWORD, settings.projectId(),
                        Defaults.SIM_PROJECT_NAME)
                .waitTime(Duration.ofMillis(longProperty(context, "simulator.wait-ms", 2000)))
                .runTime(Duration.ofMillis(longProperty(context, "simulator.run-ms", 5000)))
                .maxCreatesPer24h(intProperty(context, "simulator.max-creates-24h", 0))
                .maxWaitingTasks(intProperty(context, "simulator.max-waiting", 0));
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

    /** Retries of 5xx, 429 and unanswered creates: exponential back-off with jitter, bounded, not blocking a thread. */
    private static RedeliveryPolicy retryPolicy(CamelContext context) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(intProperty(context, "bridge.submit.retries", 5));
        policy.setRedeliveryDelay(longProperty(context, "bridge.submit.retry-delay", 200));
        policy.setMaximumRedeliveryDelay(longProperty(context, "bridge.submit.retry-max-delay", 10_000));
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        policy.setAsyncDelayedRedelivery(true);
        policy.setLogRetryAttempted(true);
        policy.setRetryAttemptedLogLevel(LoggingLevel.INFO);
        policy.setLogStackTrace(false);
        return policy;
    }

    private static JmsComponent jms(CachingConnectionFactory connections) {
        JmsComponent jms = JmsComponent.jmsComponent(connections);
        jms.setIncludeAllJMSXProperties(false);
        return jms;
    }

    /** Creates the inbox and outbox, and puts back files a crash left half-read in {@code inbox/.inflight}. */
    private static void prepareDirectories(BridgeSettings settings) throws IOException {
        Files.createDirectories(settings.inbox());
        Files.createDirectories(settings.outbox());
        Path inflight = settings.inbox().resolve(".inflight");
        if (Files.isDirectory(inflight)) {
            try (Stream<Path> files = Files.list(inflight)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.move(file, settings.inbox().resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    LOG.info("inbox file {} was being read when the bridge stopped; it is read again",
                            file.getFileName());
                }
            }
        }
    }

    private static int intProperty(CamelContext context, String key, int fallback) {
        return (int) longProperty(context, key, fallback);
    }

    private static long longProperty(CamelContext context, String key, long fallback) {
        String raw = context.getPropertiesComponent().resolveProperty(key).map(String::trim).orElse(null);
        try {
            return raw == null || raw.isEmpty() ? fallback : Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(List.of(key + ": must be a whole number, got '" + raw + "'"));
        }
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
