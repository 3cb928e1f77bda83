package io.omsbridge.intake;

import io.omsbridge.model.ReceivedRequest;
import io.omsbridge.model.RequestSource;
import java.util.List;

/**
 * One input of an inbox read into its requests, the body an entry route hands to {@code oms-accept}: {@code name} says
 * where it came from (a file's name, else the request's id), {@code input} is what was read (what the entry leaves of
 * it once recorded: the file without its inline secrets, or the dead letter), empty when nothing needs it.
 */
public record InboxBatch(String name, RequestSource source, List<ReceivedRequest> requests, byte[] input) {

    /** One request handed over whole: a message, an in-process body, an API call. */
    public static InboxBatch of(String name, ReceivedRequest received, byte[] input) {
        return new InboxBatch(name, received.source(), List.of(received), input);
    }
}
