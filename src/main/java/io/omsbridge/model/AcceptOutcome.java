package io.omsbridge.model;

import java.util.List;

/**
 * What the ledger made of one {@link ReceivedRequest}; an accepted one carries its claim for the submit route. For an
 * operation request, {@code requestId} is the operation's id and {@code migrationId} the migration it acts on (null
 * otherwise).
 * {@code code}: why a rejected one was rejected, null unless {@link Kind#REJECTED}.
 */
public record AcceptOutcome(
        String requestId,
        Kind kind,
        List<Problem> problems,
        LedgerState existingState,
        Long existingTaskId,
        Claim claim,
        String migrationId,
        ProblemCode code) {

    /** The outcome of a migration request: rejected ones for their input. */
    public AcceptOutcome(
            String requestId,
            Kind kind,
            List<Problem> problems,
            LedgerState existingState,
            Long existingTaskId,
            Claim claim) {
        this(requestId, kind, problems, existingState, existingTaskId, claim, null);
    }

    /** The outcome of an operation request: rejected ones for their input. */
    public AcceptOutcome(
            String requestId,
            Kind kind,
            List<Problem> problems,
            LedgerState existingState,
            Long existingTaskId,
            Claim claim,
            String migrationId) {
        this(
                requestId,
                kind,
                problems,
                existingState,
                existingTaskId,
                claim,
                migrationId,
                kind == Kind.REJECTED ? ProblemCode.INVALID : null);
    }

    public boolean forOperation() {
        return migrationId != null;
    }

    public enum Kind {
        /** new in the ledger, to be submitted */
        ACCEPTED,
        /** this id was already accepted: nothing new is submitted */
        DUPLICATE,
        /** bad input, recorded as REJECTED with its event */
        REJECTED
    }
}
