package io.omsbridge.poll;

import io.omsbridge.hwcloud.oms.OmsException;
import io.omsbridge.settings.PollSettings;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A read of OMS (a list page, a show) tried again inside the poll cycle when OMS fails it transiently (5xx, 429, no
 * answer): up to {@code bridge.poll.retries} more times, pausing from {@code bridge.poll.retry-delay} doubling up to
 * {@code bridge.poll.retry-max-delay}, each pause jittered so parallel shows do not return in step.
 */
final class ReadRetry {

    private final int retries;
    private final long delayMillis;
    private final long maxDelayMillis;

    ReadRetry(PollSettings settings) {
        this.retries = settings.retries();
        this.delayMillis = settings.retryDelayMillis();
        this.maxDelayMillis = settings.retryMaxDelayMillis();
    }

    /** The read's answer; its last failure once the retries are spent, or at once when it is not transient. */
    <T> T read(Supplier<T> call) {
        long pause = delayMillis;
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (OmsException e) {
                if (!e.isTransient() || attempt >= retries || !pause(pause)) {
                    throw e;
                }
                pause = Math.min(maxDelayMillis, pause * 2);
            }
        }
    }

    /** Sleeps between half and all of {@code millis}; false when interrupted (the bridge is stopping). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
