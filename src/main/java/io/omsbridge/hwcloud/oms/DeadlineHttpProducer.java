package io.omsbridge.hwcloud.oms;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpProducer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequest;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;

/**
 * Camel HTTP's producer with a hard deadline on the whole call: HTTP timeouts bound each connect and each read, so an
 * answer that trickles in byte by byte can run far past them; at the deadline the request is aborted (its connection
 * closed), whatever it is doing. The exchange property {@link #DEADLINE_AT} (epoch ms) sets it per call.
 */
final class DeadlineHttpProducer extends HttpProducer {

    /** Exchange property: when the call must have ended (epoch ms); absent = no deadline. */
    static final String DEADLINE_AT = "CamelHwcloudOmsDeadlineAt";
    /** Exchange property set when the call was cut off at its deadline. */
    static final String CUT_OFF = "CamelHwcloudOmsCutOff";

    private final ScheduledExecutorService watchdog;

    DeadlineHttpProducer(HttpEndpoint endpoint, ScheduledExecutorService watchdog) {
        super(endpoint);
        this.watchdog = watchdog;
    }

    @Override
    protected <T> T executeMethod(
            Exchange exchange, HttpHost host, HttpUriRequest request, HttpClientResponseHandler<T> handler)
            throws IOException, HttpException {
        Long deadlineAt = exchange.getProperty(DEADLINE_AT, Long.class);
        if (deadlineAt == null) {
            return super.executeMethod(exchange, host, request, handler);
        }
        long left = deadlineAt - System.currentTimeMillis();
        ScheduledFuture<?> cutOff = watchdog.schedule(
                () -> {
                    exchange.setProperty(CUT_OFF, true);
                    request.abort();
                },
                Math.max(0, left),
                TimeUnit.MILLISECONDS);
        try {
            return super.executeMethod(exchange, host, request, handler);
        } finally {
            cutOff.cancel(false);
        }
    }
}
