package io.omsbridge.hwcloud.oms;

import io.omsbridge.hwcloud.oms.auth.IamException;
import io.omsbridge.hwcloud.oms.auth.Token;
import io.omsbridge.hwcloud.oms.auth.TokenCache;
import io.omsbridge.hwcloud.oms.auth.TokenKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hwcloud-oms:<operation>}: Huawei Cloud's Object Storage Migration Service (OMS), API v1 and v2, as a Camel
 * component. It owns authentication (a cached IAM token, or AK/SK signing), the one retry after a 401, a hard
 * deadline on every call, and the mapping of every failure to {@link OmsException}; it calls OMS through Camel HTTP.
 * The options set on the component are the defaults of its endpoints; all endpoints share one token cache.
 */
@Component("hwcloud-oms")
public class OmsComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OmsComponent.class);

    @Metadata(description = "The endpoints' defaults")
    private OmsConfiguration configuration = new OmsConfiguration();

    @Metadata(
            defaultValue = "300000",
            description = "A token is renewed this long (ms) before it expires,"
                    + " or after half its lifetime if that comes later")
    private long tokenRefreshMargin = 300_000;

    @Metadata(
            defaultValue = "30000",
            description = "After IAM refuses the credentials, no new token is asked for this"
                    + " long (ms); other failures back off from 1 s, doubling up to it")
    private long tokenFailureBackoff = 30_000;

    private Clock clock = Clock.systemUTC();

    private final Map<String, HttpCall> calls = new ConcurrentHashMap<>();
    private final List<OmsCallListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, IamTokens> iamUsers = new ConcurrentHashMap<>();
    private final Map<String, OmsRegion> regions = new ConcurrentSkipListMap<>();
    private volatile TokenCache tokenCache;
    private ScheduledExecutorService watchdog;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        OmsConfiguration config = configuration.copy();
        config.setOperation(OmsOperations.valueOf(remaining));
        OmsEndpoint endpoint = new OmsEndpoint(uri, this, config);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The token cache every token-authenticated endpoint of this component shares (made on first use). */
    public TokenCache getTokenCache() {
        TokenCache cache = tokenCache;
        if (cache == null) {
            synchronized (this) {
                if (tokenCache == null) {
                    tokenCache = new TokenCache(
                            this::fetchToken,
                            Duration.ofMillis(tokenRefreshMargin),
                            Duration.ofMillis(tokenFailureBackoff),
                            clock);
                }
                cache = tokenCache;
            }
        }
        return cache;
    }

    /** Registers the IAM user an endpoint authenticates as, so the shared cache can fetch its tokens. */
    void registerIamUser(String iamEndpoint, OmsConfiguration config) {
        iamUsers.computeIfAbsent(
                userKey(iamEndpoint, config.getIamDomain(), config.getIamUsername()),
                k -> new IamTokens(http(iamEndpoint, config.getDeadline()), config.getIamPassword(), clock));
    }

    /**
     * Adds a region the endpoints may call: a call with the {@link OmsConstants#REGION} header goes to that region's
     * endpoint, under its project, with a token scoped to it. Set before the endpoints start.
     */
    public void addRegion(OmsRegion region) {
        regions.put(region.name(), region);
    }

    /** The regions added, by name; empty when every call goes to the endpoint's own {@code endpoint}. */
    public Map<String, OmsRegion> regions() {
        return Collections.unmodifiableMap(regions);
    }

    private Token fetchToken(TokenKey key) {
        IamTokens iam = iamUsers.get(userKey(key.iamEndpoint(), key.domain(), key.user()));
        if (iam == null) {
            throw new IamException("no IAM user " + key.user() + " is configured for " + key.iamEndpoint(), true, null);
        }
        return iam.fetch(key);
    }

    private static String userKey(String endpoint, String domain, String user) {
        return endpoint + "|" + domain + "|" + user;
    }

    /** One started Camel HTTP client per base URL and deadline. */
    HttpCall http(String baseUrl, long deadlineMillis) {
        return calls.computeIfAbsent(baseUrl + "|" + deadlineMillis, k -> {
            HttpCall call = new HttpCall(getCamelContext(), baseUrl, deadlineMillis, watchdog());
            ServiceHelper.startService(call);
            return call;
        });
    }

    private synchronized ScheduledExecutorService watchdog() {
        if (watchdog == null) {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hwcloud-oms-deadline");
                t.setDaemon(true);
                return t;
            });
        }
        return watchdog;
    }

    Clock clock() {
        return clock;
    }

    /** Tells {@code listener} of every call this component's producers make from now on. */
    public void addCallListener(OmsCallListener listener) {
        listeners.add(listener);
    }

    void told(OmsCall call) {
        for (OmsCallListener listener : listeners) {
            try {
                listener.called(call);
            } catch (RuntimeException e) {
                LOG.warn("an OMS call listener failed on {}: {}", call, e.toString());
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        calls.values().forEach(ServiceHelper::stopService);
        calls.clear();
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        super.doStop();
    }

    public OmsConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(OmsConfiguration configuration) {
        this.configuration = configuration;
    }

    public long getTokenRefreshMargin() {
        return tokenRefreshMargin;
    }

    public void setTokenRefreshMargin(long tokenRefreshMargin) {
        this.tokenRefreshMargin = tokenRefreshMargin;
    }

    public long getTokenFailureBackoff() {
        return tokenFailureBackoff;
    }

    public void setTokenFailureBackoff(long tokenFailureBackoff) {
        this.tokenFailureBackoff = tokenFailureBackoff;
    }

    /** The clock tokens age by (and AK/SK requests are dated with): a test may step it. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
