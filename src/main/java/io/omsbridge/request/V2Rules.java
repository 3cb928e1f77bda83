package io.omsbridge.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.AliasPolicy;
import io.omsbridge.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules of a v2-shaped request ({@code schema/create-task-v2.json}) that a schema cannot say: which keys a side
 * needs (a temporary pair's {@code security_token} goes with its {@code ak} and {@code sk}; Google reads
 * {@code json_auth_file}; a URL list needs no source keys), and what a task group cannot take (CreateTaskGroupReq has
 * no {@code task_priority} and no security token).
 */
final class V2Rules {

    private V2Rules() {}

    /** Adds the problems of a side's temporary key or key file; true when it has none. */
    static boolean checkKeys(ObjectNode body, String side, String requestId, List<Problem> problems) {
        JsonNode node = body.path(side);
        int before = problems.size();
        if (node.has("security_token")) {
            if (node.has("credential")) {
                problems.add(new Problem(
                        requestId,
                        null,
                        side + ".security_token",
                        "give either credential (an"
                                + " alias, whose temporary key has its credentials.<alias>.security-token) or ak, sk and"
                                + " security_token, not both"));
            } else if (!node.has("ak") || !node.has("sk")) {
                problems.add(new Problem(
                        requestId,
                        null,
                        side + ".security_token",
                        "a security token goes with the" + " temporary ak and sk it was issued with: give all three"));
            }
        }
        if (node.has("json_auth_file")
                && !"Google".equals(node.path("cloud_type").asText())) {
            problems.add(new Problem(
                    requestId,
                    null,
                    side + ".json_auth_file",
                    "is the key file of a Google Cloud" + " Storage source: only with src_node.cloud_type Google"));
        }
        return problems.size() == before;
    }

    /** A URL list's source needs no keys; a Google source may give its key file instead of ak and sk. */
    static boolean keysOptional(ObjectNode body, String side) {
        if (!side.equals("src_node")) {
            return false;
        }
        JsonNode src = body.path(side);
        return "url_list".equals(body.path("task_type").asText())
                || src.has("json_auth_file")
                        && !src.has("ak")
                        && !src.has("sk")
                        && "Google".equals(src.path("cloud_type").asText());
    }

    /** What the request asks that OMS cannot do as asked, by field. */
    static List<Problem> problems(ObjectNode body, String requestId, Function<String, Optional<AliasPolicy>> aliases) {
        List<Problem> problems = new ArrayList<>();
        boolean urlList = "url_list".equals(body.path("task_type").asText());
        JsonNode cloudType = body.path("src_node").path("cloud_type");
        if (urlList != "URLSource".equals(cloudType.asText(urlList ? "" : "Aliyun"))) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "src_node.cloud_type",
                    urlList
                            ? "required: URLSource for task_type url_list"
                            : "URLSource is for task_type url_list only"));
        }
        problems.addAll(groupProblems(body, requestId, aliases));
        return problems;
    }

    /** A task group (either shape) has no priority and takes no security token, inline or by alias. */
    static List<Problem> groupProblems(
            ObjectNode body, String requestId, Function<String, Optional<AliasPolicy>> aliases) {
        List<Problem> problems = new ArrayList<>();
        if (!body.path("group").asBoolean(false)) {
            return problems;
        }
        if (body.has("task_priority")) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "task_priority",
                    "a task group takes no task_priority"
                            + " (CreateTaskGroupReq has none): leave it out, or migrate without \"group\": true"));
        }
        for (String side : List.of("src_node", "dst_node")) {
            JsonNode node = body.path(side);
            if (node.has("security_token")) {
                problems.add(new Problem(
                        requestId,
                        null,
                        side + ".security_token",
                        "a task group takes no security"
                                + " token (CreateTaskGroupReq has none): use a permanent key pair for a group"));
            }
            JsonNode alias = node.path("credential");
            if (alias.isTextual()
                    && aliases.apply(alias.asText()).map(AliasPolicy::temporary).orElse(false)) {
                problems.add(new Problem(
                        requestId,
                        null,
                        side + ".credential",
                        "credential '" + alias.asText()
                                + "' is a temporary key (credentials." + alias.asText()
                                + ".security-token) and a task group"
                                + " takes no security token: use a permanent key pair for a group"));
            }
        }
        return problems;
    }
}
