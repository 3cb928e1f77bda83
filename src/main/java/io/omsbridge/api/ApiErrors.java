package io.omsbridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/** The API's error body, {@code {"code": ..., "message": ...}}, from the exception the route caught. */
public final class ApiErrors {

    private final ObjectMapper mapper;

    public ApiErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String fromApiException(Exchange exchange) throws Exception {
        ApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        return mapper.writeValueAsString(mapper.createObjectNode().put("code", e == null ? "INTERNAL" : e.getCode())
                .put("message", e == null ? "unknown error" : e.getMessage()));
    }
}
