package io.omsbridge.request;

import java.util.List;

import io.omsbridge.ledger.AcceptOutcome;

/** What happened to one inbox file or queue message: per request, accepted, duplicate or rejected with its problems. */
public record InboxOutcome(String name, List<AcceptOutcome> outcomes) {

    public List<String> acceptedIds() {
        return outcomes.stream().filter(o -> o.kind() == AcceptOutcome.Kind.ACCEPTED).map(AcceptOutcome::requestId)
                .toList();
    }

    public boolean anyRejected() {
        return outcomes.stream().anyMatch(o -> o.kind() == AcceptOutcome.Kind.REJECTED);
    }

    public boolean anyDuplicate() {
        return outcomes.stream().anyMatch(o -> o.kind() == AcceptOutcome.Kind.DUPLICATE);
    }

    /** Every problem, duplicates included, in input order: the error report and the queue reply list these. */
    public List<Problem> problems() {
        return outcomes.stream().flatMap(o -> o.problems().stream()).toList();
    }
}
