package io.omsbridge.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.model.Problem;
import java.text.ParseException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A request's {@code passes}: how often a pass starts ({@code every}: an ISO-8601 duration such as {@code PT6H}, or a
 * Quartz cron expression in UTC such as {@code 0 0 2 * * ?}), when the passes end without a cutover ({@code until},
 * optional) and after how many passes in a row that copied nothing the migration is called quiet ({@code quiet_after},
 * optional).
 */
public record PassPlan(String every, Long untilMillis, Integer quietAfter) {

    private static final Set<String> FIELDS = Set.of("every", "until", "quiet_after");
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    /** When the pass after one created at {@code createdAt} is due: a duration after it, or the cron's next time. */
    public long nextAfter(long createdAt) {
        if (every.startsWith("P") || every.startsWith("p")) {
            return createdAt + Duration.parse(every).toMillis();
        }
        try {
            CronExpression cron = new CronExpression(every);
            cron.setTimeZone(TimeZone.getTimeZone("UTC"));
            Date next = cron.getNextValidTimeAfter(new Date(createdAt));
            return next == null ? Long.MAX_VALUE : next.getTime();
        } catch (ParseException e) {
            throw new IllegalStateException("passes.every was checked when the request came: " + every, e);
        }
    }

    /** The plan of a {@code passes} object that {@link #problems} found nothing wrong with. */
    public static PassPlan of(JsonNode passes) {
        JsonNode until = passes.get("until");
        JsonNode quiet = passes.get("quiet_after");
        return new PassPlan(
                passes.path("every").asText(),
                until == null || until.isNull()
                        ? null
                        : OffsetDateTime.parse(until.asText()).toInstant().toEpochMilli(),
                quiet == null || quiet.isNull() ? null : quiet.asInt());
    }

    /** What is wrong with a request's {@code passes}, by field. */
    public static List<Problem> problems(JsonNode passes, String requestId) {
        List<Problem> problems = new ArrayList<>();
        if (!passes.isObject()) {
            problems.add(
                    new Problem(
                            requestId,
                            null,
                            "passes",
                            "must be an object: {\"every\": \"PT6H\" or a Quartz"
                                    + " cron, \"until\": an ISO-8601 time (optional), \"quiet_after\": a number of passes (optional)}"));
            return problems;
        }
        for (Iterator<String> names = passes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new Problem(
                        requestId, null, "passes." + name, "not a field of passes (every, until," + " quiet_after)"));
            }
        }
        JsonNode every = passes.get("every");
        if (every == null || !every.isTextual() || every.asText().isBlank()) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "passes.every",
                    "required: an ISO-8601 duration (PT6H) or a"
                            + " Quartz cron expression (0 0 2 * * ?) saying when the next pass starts"));
        } else {
            String why = whyNot(every.asText());
            if (why != null) {
                problems.add(new Problem(requestId, null, "passes.every", why));
            }
        }
        JsonNode until = passes.get("until");
        if (until != null && !until.isNull()) {
            try {
                OffsetDateTime.parse(until.asText());
                if (!until.isTextual()) {
                    throw new DateTimeParseException("not text", until.toString(), 0);
                }
            } catch (DateTimeParseException e) {
                problems.add(new Problem(
                        requestId,
                        null,
                        "passes.until",
                        "must be an ISO-8601 time with an offset," + " e.g. 2027-01-31T18:00:00Z"));
            }
        }
        JsonNode quiet = passes.get("quiet_after");
        if (quiet != null
                && !quiet.isNull()
                && (!quiet.canConvertToInt() || !quiet.isIntegralNumber() || quiet.asInt() < 1)) {
            problems.add(new Problem(
                    requestId, null, "passes.quiet_after", "must be a whole number of passes, 1 or" + " more"));
        }
        return problems;
    }

    private static String whyNot(String every) {
        if (every.startsWith("P") || every.startsWith("p")) {
            try {
                Duration d = Duration.parse(every);
                return d.compareTo(SHORTEST) < 0 ? "must be at least PT1S, got " + every : null;
            } catch (DateTimeParseException e) {
                return "not an ISO-8601 duration (e.g. PT30M, PT6H, P1D): " + every;
            }
        }
        return CronExpression.isValidExpression(every)
                ? null
                : "neither an ISO-8601 duration (PT6H) nor a Quartz"
                        + " cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 0 2 * * ?): "
                        + every;
    }
}
