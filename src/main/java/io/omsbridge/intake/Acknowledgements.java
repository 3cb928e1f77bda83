package io.omsbridge.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.AcceptOutcome;
import io.omsbridge.model.Problem;
import java.util.List;

/**
 * What an input's outcome says back, written as JSON once, at the edge that sends it: the acknowledgement of one
 * request (a queue reply, an in-process or API answer), the report beside a file, and the problems of a dead letter.
 */
public final class Acknowledgements {

    private final ObjectMapper mapper;

    public Acknowledgements(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The acknowledgement of the one request of a message, an in-process body or an API call. */
    public String of(InboxOutcome outcome) throws Exception {
        AcceptOutcome o = outcome.outcomes().get(0);
        ObjectNode ack = mapper.createObjectNode();
        if (o.forOperation()) {
            // an operation's acknowledgement: its own id, and the migration it acts on
            ack.put("operation_id", o.requestId())
                    .put("request_id", o.migrationId().isEmpty() ? null : o.migrationId());
        } else {
            ack.put("request_id", o.requestId());
        }
        ack.put("status", o.kind().name().toLowerCase());
        if (o.existingTaskId() != null) {
            ack.put("task_id", o.existingTaskId());
        }
        if (o.existingState() != null) {
            ack.put("state", o.existingState().name());
        }
        ack.set("problems", problems(List.of(o)));
        return mapper.writeValueAsString(ack);
    }

    /** The report {@code <name>.error.json} (or {@code .report.json}) written beside a file. */
    public String report(InboxOutcome outcome) throws Exception {
        ObjectNode report = mapper.createObjectNode().put("file", outcome.name());
        report.put("accepted", outcome.count(AcceptOutcome.Kind.ACCEPTED))
                .put("duplicates", outcome.count(AcceptOutcome.Kind.DUPLICATE))
                .put("rejected", outcome.count(AcceptOutcome.Kind.REJECTED));
        report.set("problems", problems(outcome.outcomes()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    /** Every problem of the outcome, as the header of a dead letter carries them. */
    public String problemsOf(InboxOutcome outcome) throws Exception {
        return mapper.writeValueAsString(problems(outcome.outcomes()));
    }

    /**
     * Every problem of the outcomes, in input order. An operation's names the migration ({@code request_id}) and the
     * operation ({@code operation_id}) apart: its problems carry the operation's id.
     */
    private ArrayNode problems(List<AcceptOutcome> outcomes) {
        ArrayNode list = mapper.createArrayNode();
        for (AcceptOutcome o : outcomes) {
            for (Problem p : o.problems()) {
                ObjectNode item = list.addObject();
                if (o.forOperation()) {
                    item.put("request_id", o.migrationId().isEmpty() ? null : o.migrationId())
                            .put("operation_id", p.requestId());
                } else {
                    item.put("request_id", p.requestId());
                }
                if (p.line() == null) {
                    item.putNull("line");
                } else {
                    item.put("line", p.line());
                }
                item.put("field", p.field()).put("message", p.message());
            }
        }
        return list;
    }
}
