package io.omsbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The simulator's temporary access keys (SimulatorSettings.temporaryAccessKey): a body that names one as a bucket's
 * key must carry the token it was issued with, as OMS needs it to reach the bucket.
 */
final class TemporaryKeys {

    private final Map<String, String> tokens;

    TemporaryKeys(Map<String, String> tokens) {
        this.tokens = Map.copyOf(tokens);
    }

    /** CreateTaskReq: each node's {@code ak} with its {@code security_token}. */
    void checkCreate(JsonNode root) {
        check(root.path("src_node"), "ak", "security_token", "OMS.0057", "src_node");
        check(root.path("dst_node"), "ak", "security_token", "OMS.0058", "dst_node");
    }

    /** StartTaskReq: {@code src_ak} with {@code src_security_token}, {@code dst_ak} with {@code dst_security_token}. */
    void checkStart(JsonNode root) {
        check(root, "src_ak", "src_security_token", "OMS.0064", "body");
        check(root, "dst_ak", "dst_security_token", "OMS.0064", "body");
    }

    /** CheckPrefixReq: {@code ak} with {@code security_token}. */
    void checkBucketCall(JsonNode root) {
        check(root, "ak", "security_token", "OMS.0064", "body");
    }

    private void check(JsonNode node, String akField, String tokenField, String code, String where) {
        String expected = tokens.get(node.path(akField).asText(""));
        if (expected == null) {
            return;
        }
        JsonNode token = node.get(tokenField);
        if (token == null || !token.isTextual() || token.asText().length() > 16384) {
            // invented text: oms-api.md records no OMS answer for a temporary key without its token
            throw ApiException.badRequest(
                    code,
                    "Invalid parameter: " + where + "." + akField + " is a temporary access" + " key and " + where + "."
                            + tokenField + " is required with it.");
        }
        if (!expected.equals(token.asText())) {
            throw ApiException.badRequest(
                    code,
                    "Invalid parameter: " + where + "." + tokenField + " is not the" + " security token of " + where
                            + "." + akField + ".");
        }
    }

    boolean temporary(String ak) {
        return tokens.containsKey(ak);
    }

    String token(String ak) {
        return tokens.get(ak);
    }
}
