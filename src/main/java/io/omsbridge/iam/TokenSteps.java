package io.omsbridge.iam;

import java.util.function.Function;

import io.omsbridge.model.BridgeConstants;
import org.apache.camel.Exchange;

/** The token steps of the routes: put a cached token on the call, and drop it when OMS rejects it. */
public final class TokenSteps {

    private final TokenCache cache;
    private final Function<String, TokenKey> keys;

    public TokenSteps(TokenCache cache, Function<String, TokenKey> keys) {
        this.cache = cache;
        this.keys = keys;
    }

    public void authorize(Exchange exchange) {
        String project = exchange.getProperty(BridgeConstants.PROJECT_ID, String.class);
        String token = cache.get(keys.apply(project)).value();
        exchange.getMessage().setHeader(BridgeConstants.AUTH_TOKEN, token);
        // a redelivery restores the message, not the properties: this is how a 401 knows which token was refused
        exchange.setProperty(BridgeConstants.TOKEN_USED, token);
    }

    /** On redelivery after a 401: forget the token that was refused, so the next attempt fetches a fresh one. */
    public void refresh(Exchange exchange) {
        String project = exchange.getProperty(BridgeConstants.PROJECT_ID, String.class);
        String rejected = exchange.getProperty(BridgeConstants.TOKEN_USED, String.class);
        if (rejected != null) {
            cache.invalidate(keys.apply(project), rejected);
        }
    }
}
