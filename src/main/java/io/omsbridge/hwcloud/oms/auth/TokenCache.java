package io.omsbridge.hwcloud.oms.auth;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IAM tokens, cached per (IAM endpoint, domain, user, project) until their expiry minus a margin (the configured one,
 * but never more than half the token's lifetime, so short-lived tokens are not fetched for every call). Caffeine's
 * async
 * cache gives one fetch at a time per key however many callers wait. A token OMS rejects is dropped (only if it is
 * still the cached one, so 64 callers hitting the same 401 cause one refresh). A failed fetch is remembered for a
 * back-off, so wrong credentials give one clear error, not a storm of token calls.
 */
public final class TokenCache {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);

    private static final Duration TRANSIENT_BACKOFF = Duration.ofSeconds(1);
    private static final Executor FETCHERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "iam-token-fetch");
        thread.setDaemon(true);
        return thread;
    });

    private final AsyncLoadingCache<TokenKey, Token> cache;
    private final Map<TokenKey, Failure> failures = new ConcurrentHashMap<>();
    /** Failed fetches in a row per key, so an IAM that keeps timing out is asked less and less often. */
    private final Map<TokenKey, Integer> failedInARow = new ConcurrentHashMap<>();

    private final Clock clock;
    private final Duration failureBackoff;
    private final Duration refreshMargin;
    private final LongAdder fetches = new LongAdder();

    private record Failure(IamException error, Instant until) {}

    public TokenCache(Function<TokenKey, Token> fetcher, Duration refreshMargin, Duration failureBackoff, Clock clock) {
        this.clock = clock;
        this.failureBackoff = failureBackoff;
        this.refreshMargin = refreshMargin;
        this.cache = Caffeine.newBuilder()
                // entries age on the same clock that reads expires_at, so a token lives until that clock says so
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .expireAfter(new Expiry<TokenKey, Token>() {
                    @Override
                    public long expireAfterCreate(TokenKey key, Token token, long now) {
                        long left = Duration.between(clock.instant(), token.expiresAt())
                                .minus(margin(token))
                                .toNanos();
                        return Math.max(0, left);
                    }

                    @Override
                    public long expireAfterUpdate(TokenKey key, Token token, long now, long current) {
                        return expireAfterCreate(key, token, now);
                    }

                    @Override
                    public long expireAfterRead(TokenKey key, Token token, long now, long current) {
                        return current;
                    }
                })
                // the IAM call runs on a thread of its own, not inside the cache's map lock
                .executor(FETCHERS)
                .buildAsync((key, executor) -> CompletableFuture.supplyAsync(() -> load(fetcher, key), executor));
    }

    /** A valid token for the key, fetching it if needed; throws {@link IamException} while IAM refuses. */
    public Token get(TokenKey key) {
        throwIfBackingOff(key);
        CompletableFuture<Token> present = cache.getIfPresent(key);
        boolean loadedEarlier = present != null && present.isDone();
        CompletableFuture<Token> pending = loadedEarlier ? present : cache.get(key);
        Token token = join(key, pending);
        if (usable(token)) {
            return token;
        }
        // Caffeine sets a loaded entry's expiry on a callback that may lag its callers: never keep a token inside the
        // margin, and a caller that met one loaded earlier fetches anew (one whose own wait ended in it is served it)
        cache.asMap().remove(key, pending);
        if (!loadedEarlier) {
            return token;
        }
        CompletableFuture<Token> fresh = cache.get(key);
        token = join(key, fresh);
        if (!usable(token)) {
            cache.asMap().remove(key, fresh);
        }
        return token;
    }

    private boolean usable(Token token) {
        return clock.instant().isBefore(token.expiresAt().minus(margin(token)));
    }

    /** The configured margin, but at most half the token's lifetime: a 20 s token is renewed after 10 s, not always. */
    private Duration margin(Token token) {
        Duration half = token.lifetime().dividedBy(2);
        return half.compareTo(refreshMargin) < 0 ? half : refreshMargin;
    }

    private Token join(TokenKey key, CompletableFuture<Token> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            // Caffeine drops a failed future on a callback that may run after this caller woke up; drop it now, so
            // the first call after the back-off fetches anew instead of meeting the old failure
            cache.asMap().remove(key, pending);
            throw e.getCause() instanceof IamException iam
                    ? iam
                    : new IamException(e.getCause().getMessage(), false, e.getCause());
        }
    }

    /** OMS answered 401 with {@code rejected}: forget it, unless another caller already replaced it. */
    public void invalidate(TokenKey key, String rejected) {
        cache.asMap()
                .computeIfPresent(
                        key,
                        (k, future) -> future.isDone()
                                        && !future.isCompletedExceptionally()
                                        && future.join().value().equals(rejected)
                                ? null
                                : future);
    }

    /** A user IAM refuses or cannot serve now: why, and when a token is asked for again. */
    public record Refusal(TokenKey key, String message, boolean credentialsRejected, Instant retryAt) {}

    /** The users whose token fetch failed last and who are being backed off from now. */
    public List<Refusal> refusals() {
        Instant now = clock.instant();
        List<Refusal> refusals = new ArrayList<>();
        failures.forEach((key, failure) -> {
            if (now.isBefore(failure.until())) {
                refusals.add(new Refusal(
                        key, failure.error().getMessage(), failure.error().credentialsRejected(), failure.until()));
            }
        });
        return refusals;
    }

    /** The tokens held now (usable or not), by user and project. */
    public Map<TokenKey, Instant> tokens() {
        Map<TokenKey, Instant> tokens = new HashMap<>();
        cache.asMap().forEach((key, future) -> {
            if (future.isDone() && !future.isCompletedExceptionally()) {
                tokens.put(key, future.join().expiresAt());
            }
        });
        return tokens;
    }

    /** How many token fetches were started: the figure the benchmark and tests check (target: one per run). */
    public long fetches() {
        return fetches.sum();
    }

    private void throwIfBackingOff(TokenKey key) {
        Failure failure = failures.get(key);
        if (failure != null) {
            if (clock.instant().isBefore(failure.until())) {
                throw failure.error();
            }
            failures.remove(key, failure);
        }
    }

    private Token load(Function<TokenKey, Token> fetcher, TokenKey key) {
        // checked again inside the single flight: a caller that raced past a fetch that just failed must not refetch
        throwIfBackingOff(key);
        fetches.increment();
        Instant asked = clock.instant();
        try {
            Token token = fetcher.apply(key).issuedAtIfUnknown(asked);
            failedInARow.remove(key);
            LOG.info(
                    "IAM token for user '{}' in project {} obtained, valid until {}",
                    key.user(),
                    key.projectId(),
                    token.expiresAt());
            return token;
        } catch (RuntimeException failed) {
            // any failure backs off, not only a refusal: a timeout or a reset must not become a storm of token calls
            IamException e = failed instanceof IamException iam
                    ? iam
                    : new IamException("IAM token request failed: " + failed, false, failed);
            int inARow = failedInARow.merge(key, 1, Integer::sum);
            // refused credentials wait for the operator; an unreachable IAM is asked again soon, then less often
            Duration backoff = e.credentialsRejected() ? failureBackoff : transientBackoff(inARow);
            failures.put(key, new Failure(e, clock.instant().plus(backoff)));
            LOG.error("{} - no new token request for {} ms", e.getMessage(), backoff.toMillis());
            throw e;
        }
    }

    /** 1 s after the first failure in a row, doubling with each one, never more than {@code iam.failure-backoff}. */
    private Duration transientBackoff(int inARow) {
        Duration backoff = TRANSIENT_BACKOFF.multipliedBy(1L << Math.min(20, inARow - 1));
        return backoff.compareTo(failureBackoff) < 0 ? backoff : failureBackoff;
    }
}
