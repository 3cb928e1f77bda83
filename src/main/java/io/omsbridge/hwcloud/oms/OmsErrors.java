package io.omsbridge.hwcloud.oms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads an OMS or gateway error body as the official SDK does: error_code/error_msg, else errorCode/errorMsg. */
final class OmsErrors {

    private OmsErrors() {}

    static OmsException parse(ObjectMapper mapper, int status, String body, String requestId) {
        String code = null;
        String message = null;
        try {
            JsonNode json = mapper.readTree(body == null ? "" : body);
            if (json != null) {
                code = text(json, "error_code", "errorCode", "code");
                message = text(json, "error_msg", "errorMsg", "message");
            }
        } catch (Exception e) {
            // not JSON: keep the raw text below
        }
        if (message == null && body != null) {
            message = body.length() > 300 ? body.substring(0, 300) : body;
        }
        return new OmsException(
                status, code == null ? "HTTP." + status : code, message == null ? "" : message, requestId);
    }

    private static String text(JsonNode json, String... names) {
        for (String name : names) {
            JsonNode v = json.get(name);
            if (v != null && !v.isNull()) {
                return v.asText();
            }
        }
        return null;
    }
}
