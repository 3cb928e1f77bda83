package io.omsbridge.model;

import java.util.List;


/** What the ledger made of one {@link Intake}; an accepted one carries its claim for the submit route. */
public record AcceptOutcome(String requestId, Kind kind, List<Problem> problems, LedgerState existingState,
        Long existingTaskId, Claim claim) {

    public enum Kind {
        /** new in the ledger, to be submitted */
        ACCEPTED,
        /** this id was already accepted: nothing new is submitted */
        DUPLICATE,
        /** bad input, recorded as REJECTED with its event */
        REJECTED
    }
}
