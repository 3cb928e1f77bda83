package io.omsbridge.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.Operation;
import io.omsbridge.model.OperationRequest;
import io.omsbridge.model.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads an operation request ({@code {"request_id": .., "operation": "stop"|"start"|"retry"|"delete"|"cutover"|
 * "bandwidth"|"priority"}}, design.md "Operations"): which migration, what to do, {@code failed_objects_only} for a
 * retry, the {@code bandwidth_policy} or {@code task_priority} to set ({@link SettingChanges}), its own {@code
 * operation_id}
 * (else the id the input gives, as for requests), and for a start or retry the keys again, inline or as aliases. Each
 * problem names its field; what the migration's state allows is checked against the ledger, when it is recorded.
 */
final class OperationReader {

    private static final Set<String> FIELDS = Set.of(
            "request_id",
            "operation",
            "operation_id",
            "failed_objects_only",
            "src_node",
            "dst_node",
            "bandwidth_policy",
            "task_priority");

    private final Predicate<String> knownAlias;
    private final boolean forV2;

    /**
     * {@code forV2}: the tasks are OMS API v2's: a start takes a temporary key's security token, and a priority exists
     * there only.
     */
    OperationReader(Predicate<String> knownAlias, boolean forV2) {
        this.knownAlias = knownAlias;
        this.forV2 = forV2;
    }

    RequestReader.Result read(ObjectNode body, String defaultId) {
        JsonNode explicit = body.get("operation_id");
        String id = explicit != null
                        && explicit.isTextual()
                        && RequestIds.EXPLICIT.matcher(explicit.asText()).matches()
                ? explicit.asText()
                : defaultId;
        List<Problem> problems = new ArrayList<>();
        if (explicit != null && !id.equals(explicit.asText(null))) {
            problems.add(new Problem(id, null, "operation_id", "must match [A-Za-z0-9._:-]{1,128}"));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new Problem(
                        id,
                        null,
                        name,
                        "not a field of an operation request (request_id,"
                                + " operation, operation_id, failed_objects_only, src_node, dst_node, bandwidth_policy,"
                                + " task_priority): an operation cannot change what the task migrates"));
            }
        }
        JsonNode migration = body.get("request_id");
        boolean namesMigration = migration != null
                && migration.isTextual()
                && RequestIds.EXPLICIT.matcher(migration.asText()).matches();
        if (!namesMigration) {
            problems.add(new Problem(
                    id,
                    null,
                    "request_id",
                    "required: the id of the migration to act on" + " ([A-Za-z0-9._:-]{1,128})"));
        }
        Operation operation = null;
        JsonNode op = body.get("operation");
        try {
            operation = op != null && op.isTextual() ? Operation.of(op.asText()) : null;
        } catch (IllegalArgumentException unknown) {
            operation = null;
        }
        if (operation == null) {
            problems.add(new Problem(
                    id, null, "operation", "must be stop, start, retry, delete, cutover, bandwidth" + " or priority"));
        }
        ObjectNode arguments = SettingChanges.read(body, operation, forV2, id, problems);
        JsonNode failedOnly = body.get("failed_objects_only");
        if (failedOnly != null && !failedOnly.isBoolean()) {
            problems.add(new Problem(id, null, "failed_objects_only", "must be true or false"));
        } else if (failedOnly != null && failedOnly.asBoolean() && operation != Operation.RETRY) {
            problems.add(new Problem(id, null, "failed_objects_only", "only a retry can take the failed objects only"));
        }
        ObjectNode aliases = JsonNodeFactory.instance.objectNode();
        ObjectNode secrets = JsonNodeFactory.instance.objectNode();
        for (String side : List.of("src_node", "dst_node")) {
            keys(body.get(side), side, id, operation, aliases, secrets, problems);
        }
        if (!problems.isEmpty()) {
            return new RequestReader.Result(
                    id, null, List.copyOf(problems), true, null, namesMigration ? migration.asText() : null);
        }
        return new RequestReader.Result(
                id,
                null,
                List.of(),
                true,
                new OperationRequest(
                        id,
                        migration.asText(),
                        operation,
                        failedOnly != null && failedOnly.asBoolean(),
                        aliases.isEmpty() ? null : aliases,
                        secrets.isEmpty() ? null : secrets,
                        arguments),
                migration.asText());
    }

    /** A side's keys for a start or retry: {@code ak} and {@code sk}, or {@code credential}; nothing else. */
    private void keys(
            JsonNode node,
            String side,
            String id,
            Operation operation,
            ObjectNode aliases,
            ObjectNode secrets,
            List<Problem> problems) {
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            problems.add(new Problem(id, null, side, "must be an object with ak and sk, or credential"));
            return;
        }
        if (operation != null && !operation.needsKeys()) {
            problems.add(new Problem(id, null, side, "only a start or a retry takes keys"));
            return;
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            if (!Set.of("ak", "sk", "security_token", "credential").contains(field.getKey())) {
                problems.add(new Problem(
                        id,
                        null,
                        side + "." + field.getKey(),
                        "not a key: an operation gives only"
                                + " ak and sk (with security_token for a temporary pair), or credential"));
            } else if (!field.getValue().isTextual()
                    || field.getValue().asText().isBlank()) {
                problems.add(new Problem(id, null, side + "." + field.getKey(), "must be a non-empty string"));
            }
        }
        JsonNode alias = node.get("credential");
        if (node.has("security_token") && !forV2) {
            problems.add(new Problem(
                    id,
                    null,
                    side + ".security_token",
                    "OMS API v1's start takes no security token" + " (temporary keys need oms.api-version=v2)"));
        } else if (node.has("security_token") && !(node.has("ak") && node.has("sk"))) {
            problems.add(new Problem(
                    id,
                    null,
                    side + ".security_token",
                    "a security token goes with the temporary ak" + " and sk it was issued with: give all three"));
        } else if (alias != null && (node.has("ak") || node.has("sk"))) {
            problems.add(new Problem(
                    id, null, side + ".credential", "give either credential (an alias) or ak and sk," + " not both"));
        } else if (alias != null && alias.isTextual()) {
            if (knownAlias.test(alias.asText())) {
                aliases.put(side, alias.asText());
            } else {
                // the value is not repeated: a pasted SK looks like an alias and would end up in every report
                problems.add(new Problem(
                        id,
                        null,
                        side + ".credential",
                        "unknown credential alias: the value is not" + " a configured alias"));
            }
        } else if (node.has("ak") != node.has("sk")) {
            problems.add(new Problem(
                    id,
                    null,
                    side + (node.has("ak") ? ".sk" : ".ak"),
                    "required with " + side + (node.has("ak") ? ".ak" : ".sk")));
        } else if (node.path("ak").isTextual() && node.path("sk").isTextual()) {
            ObjectNode keys = secrets.putObject(side)
                    .put("ak", node.get("ak").asText())
                    .put("sk", node.get("sk").asText());
            if (node.path("security_token").isTextual()) {
                keys.put("security_token", node.get("security_token").asText());
            }
        }
    }
}
