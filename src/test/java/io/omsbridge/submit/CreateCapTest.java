package io.omsbridge.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omsbridge.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The creates cap lets at most N creates through per sliding window and says when the next slot frees up. */
class CreateCapTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final long hour = Duration.ofHours(1).toMillis();

    @Test
    void theCapLetsNCreatesThroughPerWindowThenNamesWhenTheOldestLeavesIt() {
        CreateCap cap = new CreateCap(2, hour, clock);
        long first = clock.millis();
        cap.take();
        clock.advance(Duration.ofMinutes(10));
        cap.take();

        assertThatThrownBy(cap::take).isInstanceOfSatisfying(CreateCapReachedException.class, e -> {
            assertThat(e.freeAt()).isEqualTo(first + hour);
            assertThat(e.getMessage()).contains("2 per PT1H").contains("bridge.submit.max-creates-per-window");
        });
        clock.advance(Duration.ofMinutes(50));
        cap.take();
    }

    @Test
    void aSlotGivenBackByACreateThatDidNotHappenCanBeTakenAgain() {
        CreateCap cap = new CreateCap(1, hour, clock);
        cap.take();
        cap.giveBack();

        cap.take();
        assertThatThrownBy(cap::take).isInstanceOf(CreateCapReachedException.class);
    }

    @Test
    void createsTheLedgerRecordedInTheWindowCountAfterARestart() {
        CreateCap cap = new CreateCap(3, hour, clock);
        long now = clock.millis();
        cap.seed(List.of(now - 10, now - 20, now - hour - 1));

        cap.take();
        assertThatThrownBy(cap::take).isInstanceOf(CreateCapReachedException.class);
    }

    @Test
    void aCapOfZeroLetsEveryCreateThrough() {
        CreateCap cap = new CreateCap(0, hour, clock);
        for (int i = 0; i < 10_000; i++) {
            cap.take();
        }
    }
}
