package io.omsbridge.submit;

import java.time.Duration;

/** The creates cap ({@code bridge.submit.max-creates-per-window}) is used up until {@code freeAt} (epoch ms). */
public final class CreateCapReachedException extends RuntimeException {

    private final long freeAt;

    public CreateCapReachedException(int limit, long windowMillis, long freeAt) {
        super("the creates cap is reached (" + limit + " per " + Duration.ofMillis(windowMillis)
                + ", bridge.submit.max-creates-per-window / bridge.submit.window)");
        this.freeAt = freeAt;
    }

    public long freeAt() {
        return freeAt;
    }
}
