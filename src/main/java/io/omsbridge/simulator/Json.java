package io.omsbridge.simulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one shared ObjectMapper and the error-body shapes (OMS, API Gateway, Keystone). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** Streaming writer into a byte buffer; cheaper than building trees on the hot path. */
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a request body; null when it is empty or not JSON. */
    static JsonNode parseOrNull(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] omsError(String code, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error_code", code);
            g.writeStringField("error_msg", message);
            g.writeEndObject();
        });
    }

    static byte[] gatewayError(String code, String message, String requestId) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error_msg", message);
            g.writeStringField("error_code", code);
            g.writeStringField("request_id", requestId);
            g.writeEndObject();
        });
    }

    static byte[] keystoneError(int code, String title, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeNumberField("code", code);
            g.writeStringField("title", title);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
