package io.omsbridge.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.model.EventType;
import io.omsbridge.model.LedgerState;

/**
 * What OMS's answer ({@code task}: a show, or an item of a listing) means for a watched task, as the poll's rules
 * decided it: the ledger only writes it. {@code event} is the state change's event (null when the state stays),
 * {@code errorCode} and {@code errorMessage} its reason when it is a failure, {@code progressStep} the progress step
 * just crossed (0: none).
 */
public record TaskTransition(
        JsonNode task,
        int status,
        long viewHash,
        LedgerState state,
        EventType event,
        String errorCode,
        String errorMessage,
        int progressStep) {}
