package io.omsbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/** The API's error body, {@code {"code": ..., "message": ...}}: one shape for the routes' errors and the server's own.
 * */
public final class ApiErrors {

    private final ObjectMapper mapper;

    public ApiErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body for the exception the route caught. */
    public String fromApiException(Exchange exchange) {
        ApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        return body(e == null ? "INTERNAL" : e.getCode(), e == null ? "unknown error" : e.getMessage());
    }

    /** The body for a code a client can test and a message a person reads. */
    public String body(String code, String message) {
        try {
            return mapper.writeValueAsString(
                    mapper.createObjectNode().put("code", code).put("message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of two strings always serializes", e);
        }
    }
}
