package io.omsbridge.model;

/**
 * One thing wrong with a request, named by field and rule: the unit of every error report, queue reply and rejected
 * event. {@code line} is the 1-based line of a {@code .jsonl} file, else null.
 */
public record Problem(String requestId, Integer line, String field, String message) {

    public Problem withLine(String requestId, Integer line) {
        return new Problem(requestId, line, field, message);
    }

    @Override
    public String toString() {
        return (field == null ? "" : field + ": ") + message;
    }
}
