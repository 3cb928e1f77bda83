package io.omsbridge.intake;

import io.omsbridge.model.BridgeConstants;
import io.omsbridge.model.Intake;
import io.omsbridge.model.RequestSource;
import io.omsbridge.request.Intakes;
import io.omsbridge.request.RequestIds;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Message;

/**
 * A request handed over in-process or posted to the HTTP API, read into its intake. Without a {@code requestId} header
 * (or {@code request_id} in the body) the exchange id is used, which a retry does not keep: callers that may resend
 * should give one (the API insists on one).
 */
public final class InProcessInput {

    private final Intakes intakes;

    public InProcessInput(Intakes intakes) {
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
        Intake intake = header != null && !RequestIds.EXPLICIT.matcher(header).matches()
                ? intakes.badRequestIdHeader(
                        requestId,
                        source,
                        origin,
                        null,
                        header,
                        text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8))
                : intakes.fromText(requestId, text == null ? "" : text, source, origin);
        return InboxBatch.of(requestId, intake, new byte[0]);
    }
}
