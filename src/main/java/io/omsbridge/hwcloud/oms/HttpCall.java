package io.omsbridge.hwcloud.oms;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * One base URL reached through Camel HTTP (its connection pool and timeouts are the {@code http} component's), one
 * request at a time per caller: method, path, query, headers and body bytes in; status, body and headers out.
 * Failures to get an answer come back as {@link OmsException} with status 0. The HTTP client never retries by itself.
 */
final class HttpCall extends ServiceSupport {

    /** What came back. */
    record Answer(int status, String body, String requestId, Message message) {}

    private final CamelContext context;
    private final String baseUrl;
    private final long deadlineMillis;
    private final ScheduledExecutorService watchdog;
    private HttpEndpoint endpoint;
    private DeadlineHttpProducer producer;

    HttpCall(CamelContext context, String baseUrl, long deadlineMillis, ScheduledExecutorService watchdog) {
        this.context = context;
        this.baseUrl = baseUrl;
        this.deadlineMillis = deadlineMillis;
        this.watchdog = watchdog;
    }

    String baseUrl() {
        return baseUrl;
    }

    @Override
    protected void doStart() throws Exception {
        // one endpoint per base URL: path and query travel in headers, so paging makes no new endpoints
        endpoint = context.getEndpoint(baseUrl + "?throwExceptionOnFailure=false", HttpEndpoint.class);
        // one retry policy: the routes' and the poll's; HttpClient's own would resend a 429/503 after a hidden 1 s
        // pause
        endpoint.getClientBuilder().disableAutomaticRetries();
        producer = new DeadlineHttpProducer(endpoint, watchdog);
        ServiceHelper.startService(producer);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(producer);
    }

    Answer send(String method, String path, String query, Map<String, String> headers, byte[] body) {
        Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
        Message in = exchange.getIn();
        // the enum itself: as a String, camel-http converts it on every call through a type-converter miss that scans
        // the whole registry (12 % of the bridge's CPU in the benchmark's profile)
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
        in.setHeader(Exchange.HTTP_PATH, path);
        if (query != null && !query.isEmpty()) {
            in.setHeader(Exchange.HTTP_QUERY, query);
        }
        headers.forEach(in::setHeader);
        in.setBody(body);
        if (deadlineMillis > 0) {
            exchange.setProperty(DeadlineHttpProducer.DEADLINE_AT, System.currentTimeMillis() + deadlineMillis);
        }
        try {
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            Exception cause = exchange.getException();
            boolean cut = exchange.getProperty(DeadlineHttpProducer.CUT_OFF, false, Boolean.class);
            throw new OmsException(
                    0,
                    cut ? OmsException.DEADLINE : OmsException.NO_ANSWER,
                    cut
                            ? "the call to " + baseUrl + path + " was cut off at its deadline of " + deadlineMillis
                                    + " ms"
                            : cause.toString(),
                    null,
                    cause);
        }
        Message out = exchange.getMessage();
        String requestId = out.getHeader("X-Request-Id", String.class);
        return new Answer(
                out.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                out.getBody(String.class),
                requestId == null ? out.getHeader("x-request-id", String.class) : requestId,
                out);
    }
}
