package io.omsbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.intake.Acknowledgements;
import io.omsbridge.intake.InboxRecovery;
import io.omsbridge.intake.InboxSteps;
import io.omsbridge.intake.KafkaCommits;
import io.omsbridge.intake.KafkaInbox;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.publish.ReplyPolicy;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.RequestReader;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.settings.Credential;
import io.omsbridge.submit.ClaimBudget;
import io.omsbridge.submit.CreateCap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Intake (the inbox, queue and direct: routes, and the accept route they share): requests read, checked and recorded in
 * the ledger; and, last to start, what a crash left (half-read files, claims in flight) taken up again.
 */
public class IntakeConfiguration implements CamelConfiguration {

    @BindToRegistry
    public InboxSteps inbox(
            @BeanInject("ledger") Ledger ledger,
            @BeanInject("claimBudget") ClaimBudget claims,
            @BeanInject(AllSettings.BEAN) AllSettings all) {
        return new InboxSteps(
                inputReader(all.bridge()),
                ledger,
                new ObjectMapper(),
                replyPolicy(all),
                all.maxDeliveryAttempts(),
                claims);
    }

    /** How requests are read and checked: the same for the inboxes and the API (it holds no state). */
    static InputReader inputReader(BridgeSettings settings) {
        RequestReader reader = new RequestReader(
                alias -> settings.credential(alias).map(Credential::policy),
                settings.allowMixedCredentials(),
                settings.projectId(),
                settings.oms().v2(),
                regionProjects(settings));
        return new InputReader(reader, settings.inboxMaxFileBytes());
    }

    /** Each configured destination region's project. */
    private static Map<String, String> regionProjects(BridgeSettings settings) {
        Map<String, String> projects = new TreeMap<>();
        settings.oms().regions().forEach((name, region) -> projects.put(name, region.projectId()));
        return projects;
    }

    @BindToRegistry
    public KafkaInbox kafkaInbox(@BeanInject(AllSettings.BEAN) AllSettings all) {
        return new KafkaInbox(inputReader(all.bridge()), new Acknowledgements(new ObjectMapper()));
    }

    /** The Kafka inbox's commit step; its Kafka classes load only once a batch arrives (camel-kafka is optional). */
    @BindToRegistry
    public KafkaCommits kafkaCommits() {
        return new KafkaCommits();
    }

    @BindToRegistry
    public InboxRecovery inboxRecovery(@BeanInject(AllSettings.BEAN) AllSettings all) {
        return new InboxRecovery(all.bridge().inbox());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        // last: what a crash left (half-read files, claims in flight, the cap's window) is taken up before the routes
        context.addService(
                new StartupRecovery(
                        registry.lookupByNameAndType(AllSettings.BEAN, AllSettings.class)
                                .bridge(),
                        registry.lookupByNameAndType("inboxRecovery", InboxRecovery.class),
                        registry.lookupByNameAndType("ledger", Ledger.class),
                        registry.lookupByNameAndType("operationLedger", OperationLedger.class),
                        registry.lookupByNameAndType("createCap", CreateCap.class),
                        registry.lookupByNameAndType("claimBudget", ClaimBudget.class)),
                true,
                true);
    }

    /** Replies never go to the bridge's own destinations (requests, dead letters, every JMS event endpoint). */
    private static ReplyPolicy replyPolicy(AllSettings all) {
        Set<String> own = new HashSet<>(Set.of(
                "queue:" + EmbeddedBroker.REQUESTS,
                "queue:" + EmbeddedBroker.REQUESTS_DLQ,
                "topic:oms.migration.events"));
        for (String endpoint : all.publish().endpoints()) {
            String uri = endpoint.contains("?") ? endpoint.substring(0, endpoint.indexOf('?')) : endpoint;
            if (uri.startsWith("jms:") || uri.startsWith("amqp:")) {
                String destination = uri.substring(uri.indexOf(':') + 1);
                own.add(
                        destination.startsWith("topic:") || destination.startsWith("queue:")
                                ? destination
                                : "queue:" + destination);
            }
        }
        return new ReplyPolicy(own, all.bridge().replyToPattern());
    }
}
