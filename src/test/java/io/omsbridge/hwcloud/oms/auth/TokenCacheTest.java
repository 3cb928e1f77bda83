package io.omsbridge.hwcloud.oms.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.omsbridge.MutableClock;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves that the token cache fetches once per key, reuses a token until expiry minus margin, backs off on failure. */
class TokenCacheTest {

    private static final TokenKey KEY = new TokenKey("https://iam.example", "domain", "user", "project-1");
    private static final TokenKey OTHER_KEY = new TokenKey("https://iam.example", "domain", "user", "project-2");
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Duration BACKOFF = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final AtomicInteger calls = new AtomicInteger();
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A fetcher handing out token-1, token-2, ... valid for {@code lifetime} from the clock's now. */
    private Function<TokenKey, Token> counting(Duration lifetime) {
        return key ->
                new Token("token-" + calls.incrementAndGet(), clock.instant().plus(lifetime));
    }

    @Test
    void sixtyFourThreadsAskingAtOnceCauseExactlyOneFetch() throws Exception {
        int threads = 64;
        CountDownLatch asking = new CountDownLatch(threads);
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        TokenCache cache = new TokenCache(
                key -> {
                    calls.incrementAndGet();
                    try {
                        // hold the fetch until every caller has asked, and the others are parked behind this one
                        assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();
                        await().atMost(Duration.ofSeconds(10))
                                .until(() -> callers.stream()
                                        .filter(t -> t != Thread.currentThread())
                                        .allMatch(t -> t.getState() == Thread.State.BLOCKED
                                                || t.getState() == Thread.State.WAITING
                                                || t.getState() == Thread.State.TIMED_WAITING));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Token("the-token", clock.instant().plus(Duration.ofHours(1)));
                },
                MARGIN,
                BACKOFF,
                clock);
        pool = Executors.newFixedThreadPool(threads);

        List<Future<Token>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                callers.add(Thread.currentThread());
                asking.countDown();
                return cache.get(KEY);
            }));
        }

        for (Future<Token> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS).value()).isEqualTo("the-token");
        }
        assertThat(calls).hasValue(1);
        assertThat(cache.fetches()).isEqualTo(1);
    }

    @Test
    void eachKeyHasItsOwnToken() {
        TokenCache cache = new TokenCache(counting(Duration.ofHours(1)), MARGIN, BACKOFF, clock);

        String first = cache.get(KEY).value();
        String second = cache.get(OTHER_KEY).value();

        assertThat(first).isNotEqualTo(second);
        assertThat(cache.get(KEY).value()).isEqualTo(first);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aTokenIsReusedUntilItsExpiryMinusTheMarginThenFetchedAgain() {
        TokenCache cache = new TokenCache(counting(Duration.ofHours(1)), MARGIN, BACKOFF, clock);

        Token first = cache.get(KEY);
        clock.advance(Duration.ofHours(1).minus(MARGIN).minusSeconds(1));
        assertThat(cache.get(KEY)).isSameAs(first);
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get(KEY).value()).isEqualTo("token-2");
        assertThat(cache.get(KEY).value()).isEqualTo("token-2");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aTwentySecondTokenServesEveryCallForHalfItsLifeThoughTheMarginIsFiveMinutes() {
        TokenCache cache = new TokenCache(counting(Duration.ofSeconds(20)), MARGIN, BACKOFF, clock);

        for (int call = 0; call < 100; call++) {
            assertThat(cache.get(KEY).value()).isEqualTo("token-1");
            clock.advance(Duration.ofMillis(99));
        }
        assertThat(calls).as("100 calls over 9.9 s").hasValue(1);

        clock.advance(Duration.ofMillis(100));
        assertThat(cache.get(KEY).value()).as("renewed at half its life").isEqualTo("token-2");
        assertThat(calls).hasValue(2);
    }

    @Test
    void theLifetimeIsTheOneIamStatesWhenItSaysWhenItIssuedTheToken() {
        // issued 50 s before it reached us, valid 60 s: half its life (30 s) had passed on arrival
        TokenCache cache = new TokenCache(
                key -> new Token(
                        "token-" + calls.incrementAndGet(),
                        clock.instant().plusSeconds(10),
                        clock.instant().minusSeconds(50)),
                MARGIN,
                BACKOFF,
                clock);

        assertThat(cache.get(KEY).value()).isEqualTo("token-1");
        assertThat(cache.get(KEY).value()).isEqualTo("token-2");
    }

    @Test
    void aTokenThatHasExpiredWhenItArrivesIsNotKept() {
        // the loaded token's expiry is set on the fetcher thread; however that interleaves with the next caller, the
        // next caller fetches anew, so the race is given many chances
        for (int round = 0; round < 200; round++) {
            calls.set(0);
            TokenCache cache = new TokenCache(counting(Duration.ZERO), MARGIN, BACKOFF, clock);

            assertThat(cache.get(KEY).value()).isEqualTo("token-1");
            assertThat(cache.get(KEY).value()).as("round %d", round).isEqualTo("token-2");
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void invalidatingTheRejectedTokenMakesTheNextCallFetchAFreshOne() {
        TokenCache cache = new TokenCache(counting(Duration.ofHours(1)), MARGIN, BACKOFF, clock);
        Token stale = cache.get(KEY);

        cache.invalidate(KEY, stale.value());

        assertThat(cache.get(KEY).value()).isEqualTo("token-2");
        assertThat(calls).hasValue(2);
    }

    @Test
    void invalidatingAStaleTokenAfterARefreshKeepsTheFreshOne() {
        TokenCache cache = new TokenCache(counting(Duration.ofHours(1)), MARGIN, BACKOFF, clock);
        Token stale = cache.get(KEY);
        cache.invalidate(KEY, stale.value());
        Token fresh = cache.get(KEY);

        // 63 other callers report the same 401 for the old token
        for (int i = 0; i < 63; i++) {
            cache.invalidate(KEY, stale.value());
        }

        assertThat(cache.get(KEY)).isSameAs(fresh);
        assertThat(calls).hasValue(2);
    }

    @Test
    void invalidatingAKeyThatHasNoTokenDoesNothing() {
        TokenCache cache = new TokenCache(counting(Duration.ofHours(1)), MARGIN, BACKOFF, clock);

        cache.invalidate(KEY, "never-issued");

        assertThat(cache.get(KEY).value()).isEqualTo("token-1");
        assertThat(calls).hasValue(1);
    }

    @Test
    void rejectedCredentialsAreRememberedForTheBackOffWithoutAnotherFetch() {
        IamException refused = new IamException("IAM refused a token: HTTP 401", true, null);
        TokenCache cache = new TokenCache(
                key -> {
                    calls.incrementAndGet();
                    throw refused;
                },
                MARGIN,
                BACKOFF,
                clock);

        assertThatThrownBy(() -> cache.get(KEY)).isSameAs(refused);
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> cache.get(KEY)).isSameAs(refused);
        }
        clock.advance(BACKOFF.minusMillis(1));
        assertThatThrownBy(() -> cache.get(KEY)).isSameAs(refused);

        assertThat(calls).hasValue(1);
        assertThat(cache.fetches()).isEqualTo(1);
        assertThat(refused.credentialsRejected()).isTrue();
    }

    /** A fetcher IAM refuses once (wrong credentials), then serves "after-fix" (the operator fixed them). */
    private Function<TokenKey, Token> refusedOnceThenFixed() {
        AtomicInteger attempt = new AtomicInteger();
        return key -> {
            calls.incrementAndGet();
            if (attempt.incrementAndGet() == 1) {
                throw new IamException("IAM refused a token: HTTP 401", true, null);
            }
            return new Token("after-fix", clock.instant().plus(Duration.ofHours(1)));
        };
    }

    @Test
    void afterTheBackOffANewFetchHappensAndItsTokenIsServed() {
        TokenCache cache = new TokenCache(refusedOnceThenFixed(), MARGIN, BACKOFF, clock);
        assertThatThrownBy(() -> cache.get(KEY)).isInstanceOf(IamException.class);

        clock.advance(BACKOFF);

        assertThat(cache.get(KEY).value()).isEqualTo("after-fix");
        assertThat(cache.get(KEY).value()).isEqualTo("after-fix");
        assertThat(calls).hasValue(2);
    }

    @Test
    void theFirstCallAfterTheBackOffNeverMeetsTheOldFailure() {
        // the failed fetch finishes on the fetcher thread; the cache must not hand its failure out again, however the
        // threads interleave, so the race is given many chances
        for (int round = 0; round < 500; round++) {
            TokenCache cache = new TokenCache(refusedOnceThenFixed(), MARGIN, BACKOFF, clock);
            assertThatThrownBy(() -> cache.get(KEY)).isInstanceOf(IamException.class);
            clock.advance(BACKOFF);

            assertThat(cache.get(KEY).value()).as("round %d", round).isEqualTo("after-fix");
        }
    }

    @Test
    void aFailureForOneKeyDoesNotBlockAnotherKey() {
        TokenCache cache = new TokenCache(
                key -> {
                    calls.incrementAndGet();
                    if (key.equals(KEY)) {
                        throw new IamException("IAM refused a token: HTTP 401", true, null);
                    }
                    return new Token("other", clock.instant().plus(Duration.ofHours(1)));
                },
                MARGIN,
                BACKOFF,
                clock);

        assertThatThrownBy(() -> cache.get(KEY)).isInstanceOf(IamException.class);

        assertThat(cache.get(OTHER_KEY).value()).isEqualTo("other");
    }

    @Test
    void anUnexpectedFetcherErrorBecomesAnIamException() {
        TokenCache cache = new TokenCache(
                key -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("boom");
                },
                MARGIN,
                BACKOFF,
                clock);

        assertThatThrownBy(() -> cache.get(KEY))
                .isInstanceOf(IamException.class)
                .hasMessageContaining("boom")
                .satisfies(e ->
                        assertThat(((IamException) e).credentialsRejected()).isFalse());
    }

    @Test
    void aFetchThatFailsWithATimeoutIsBackedOffTooAndLongerAtEachFailureInARow() {
        TokenCache cache = new TokenCache(
                key -> {
                    calls.incrementAndGet();
                    throw new UncheckedIOException(new SocketTimeoutException("Read timed out"));
                },
                MARGIN,
                BACKOFF,
                clock);

        assertThatThrownBy(() -> cache.get(KEY))
                .isInstanceOf(IamException.class)
                .hasMessageContaining("timed out");
        assertThatThrownBy(() -> cache.get(KEY)).isInstanceOf(IamException.class);
        assertThat(calls)
                .as("the second call within the back-off fetches nothing")
                .hasValue(1);

        clock.advance(Duration.ofMillis(1_001));
        assertThatThrownBy(() -> cache.get(KEY)).isInstanceOf(IamException.class);
        assertThat(calls).as("after 1 s, asked again").hasValue(2);
        clock.advance(Duration.ofMillis(1_001));
        assertThatThrownBy(() -> cache.get(KEY)).isInstanceOf(IamException.class);
        assertThat(calls).as("the second failure in a row waits 2 s").hasValue(2);
        clock.advance(Duration.ofMillis(1_000));
        assertThatThrownBy(() -> cache.get(KEY)).isInstanceOf(IamException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aTokenNeverShowsItsValue() {
        assertThat(new Token("secret-token-value", Instant.now()).toString()).doesNotContain("secret-token-value");
    }
}
