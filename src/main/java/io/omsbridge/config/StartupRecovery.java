package io.omsbridge.config;

import io.omsbridge.intake.InboxRecovery;
import io.omsbridge.ledger.Ledger;
import io.omsbridge.ledger.OperationLedger;
import io.omsbridge.settings.BridgeSettings;
import io.omsbridge.submit.ClaimBudget;
import io.omsbridge.submit.CreateCap;
import java.nio.file.Files;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up what the last run left, once the ledger is open and before the routes start: the inbox and outbox exist,
 * files a crash left half-read go back to the inbox, the creates cap counts this node's creates still in its window,
 * and this node's claims in flight become due (each is checked against OMS's task list before it is posted again), as
 * do the operations it was applying (each checked against its task before it is sent again).
 */
final class StartupRecovery extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);

    private final BridgeSettings settings;
    private final InboxRecovery inbox;
    private final Ledger ledger;
    private final OperationLedger operations;
    private final CreateCap cap;
    private final ClaimBudget claims;

    StartupRecovery(
            BridgeSettings settings,
            InboxRecovery inbox,
            Ledger ledger,
            OperationLedger operations,
            CreateCap cap,
            ClaimBudget claims) {
        this.claims = claims;
        this.settings = settings;
        this.inbox = inbox;
        this.ledger = ledger;
        this.operations = operations;
        this.cap = cap;
    }

    @Override
    protected void doStart() throws Exception {
        Files.createDirectories(settings.inbox());
        Files.createDirectories(settings.outbox());
        inbox.recoverAtStart();
        if (cap.limit() > 0) {
            cap.seed(ledger.createdSince(System.currentTimeMillis() - cap.windowMillis(), cap.limit()));
        }
        int recovered = ledger.recoverOwnSubmissions();
        // recovered claims and requests accepted beyond the budget before the stop wait unclaimed: the top-up takes
        // them
        claims.leftWaiting();
        if (recovered > 0) {
            LOG.info(
                    "{} request(s) were being submitted when the bridge stopped; they are checked against OMS and"
                            + " resumed",
                    recovered);
        }
        int applying = operations.recoverOwn();
        if (applying > 0) {
            LOG.info(
                    "{} operation(s) were being applied when the bridge stopped; each is checked against its task"
                            + " before it is sent again",
                    applying);
        }
    }
}
