package io.omsbridge.intake;

import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.Claim;
import io.omsbridge.model.Problem;
import io.omsbridge.model.RequestSource;
import java.util.List;
import java.util.Objects;

/**
 * What happened to one inbox input (a file, a message, an in-process or API request), from {@code source}: per request,
 * accepted, duplicate or rejected with its problems.
 */
public record InboxOutcome(String name, RequestSource source, List<AcceptOutcome> outcomes) {

    /** The claims of the newly accepted requests, for the submit route. */
    public List<Claim> claims() {
        return outcomes.stream()
                .map(AcceptOutcome::claim)
                .filter(Objects::nonNull)
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

    public long count(AcceptOutcome.Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).count();
    }
}
