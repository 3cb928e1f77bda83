package io.omsbridge.intake;

import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.InputReader;
import io.omsbridge.request.RequestIds;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Message;

/**
 * A request handed over in-process or posted to the HTTP API, read into a ReceivedRequest. Without a {@code requestId}
 * header
 * (or {@code request_id} in the body) the exchange id is used, which a retry does not keep: callers that may resend
 * should give one (the API insists on one).
 */
public final class InProcessInput {

    private final InputReader intakes;

    public InProcessInput(InputReader intakes) {
        this.intakes = intakes;
    }

    /** The body and {@code requestId} header of an in-process exchange. */
    public InboxBatch read(Message in, RequestSource source, String exchangeId) {
        return read(
                in.getHeader(BridgeConstants.HEADER_REQUEST_ID, String.class),
                in.getBody(String.class),
                source,
                exchangeId);
    }

    /**
     * {@code header}: the id the caller gave apart from the body, or null; {@code exchangeId}: the id of the exchange
     * that carries it, its origin and its id of last resort.
     */
    public InboxBatch read(String header, String text, RequestSource source, String exchangeId) {
        String origin = (source == RequestSource.HTTP ? "http:" : "direct:") + exchangeId;
        String requestId = RequestIds.fromMessage(header, exchangeId);
        ReceivedRequest received =
                header != null && !RequestIds.EXPLICIT.matcher(header).matches()
                        ? intakes.badRequestIdHeader(
                                requestId,
                                source,
                                origin,
                                null,
                                header,
                                text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8))
                        : intakes.fromText(requestId, text == null ? "" : text, source, origin);
        return InboxBatch.of(requestId, received, new byte[0]);
    }
}
