package io.omsbridge.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.ledger.TaskLedger.Before;
import io.omsbridge.ledger.TaskLedger.PollTarget;
import io.omsbridge.ledger.TaskTransition;
import io.omsbridge.model.EventType;
import io.omsbridge.model.LedgerState;
import io.omsbridge.poll.TaskStatusRules.Verdict;
import org.junit.jupiter.api.Test;

/** What OMS's answer means for a watched task (state, event, progress step, whether it moved), with no database. */
class TaskStatusRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TaskStatusRules quarters = new TaskStatusRules(0.25);

    private static ObjectNode task(int status, double progress) {
        return MAPPER.createObjectNode()
                .put("id", 7)
                .put("name", "task-7")
                .put("status", status)
                .put("progress", progress)
                .put("total_num", 10);
    }

    @Test
    void aRunningTaskOmsShowsSucceededEndsSucceededWithItsEventAndNoProgressStep() {
        TaskTransition t = quarters.transition(new Before(LedgerState.RUNNING, 0.6), task(5, 1.0));

        assertThat(t.state()).isEqualTo(LedgerState.SUCCEEDED);
        assertThat(t.event()).isEqualTo(EventType.SUCCEEDED);
        assertThat(t.status()).isEqualTo(5);
        assertThat(t.errorCode()).isNull();
        assertThat(t.progressStep()).isZero();
    }

    @Test
    void aFailureCarriesOmsReasonAndOneWithoutAReasonStillSaysWhyItFailed() {
        ObjectNode withReason = task(4, 0.3);
        withReason.putObject("error_reason").put("error_code", "OMS.0406").put("error_msg", "bucket gone");
        TaskTransition reasoned = quarters.transition(new Before(LedgerState.RUNNING, 0.3), withReason);
        TaskTransition bare = quarters.transition(
                new Before(LedgerState.RUNNING, 0.3), task(4, 0.3).put("error_reason", ""));

        assertThat(reasoned.event()).isEqualTo(EventType.FAILED);
        assertThat(reasoned.errorCode()).isEqualTo("OMS.0406");
        assertThat(reasoned.errorMessage()).isEqualTo("bucket gone");
        assertThat(bare.errorCode()).isEqualTo("OMS.TASK_FAILED");
        assertThat(bare.errorMessage()).isEqualTo("OMS reports the task failed (status 4) without an error_reason");
    }

    @Test
    void aStoppedTaskHasTheStoppedEventAndOneAlreadyStoppedHasNone() {
        assertThat(quarters.transition(new Before(LedgerState.RUNNING, 0.1), task(3, 0.1))
                        .event())
                .isEqualTo(EventType.STOPPED);
        assertThat(quarters.transition(new Before(LedgerState.STOPPED, 0.1), task(3, 0.1))
                        .event())
                .isNull();
    }

    @Test
    void aStatusThisBridgeDoesNotKnowKeepsTheStateAndCausesNoEvent() {
        TaskTransition t = quarters.transition(new Before(LedgerState.RUNNING, 0.1), task(42, 0.1));

        assertThat(t.state()).isEqualTo(LedgerState.RUNNING);
        assertThat(t.event()).isNull();
    }

    @Test
    void crossingAProgressStepIsAStepOnceAndNotAtAllWhenProgressEventsAreOff() {
        assertThat(quarters.transition(new Before(LedgerState.RUNNING, 0.2), task(2, 0.55))
                        .progressStep())
                .isEqualTo(2);
        assertThat(quarters.transition(new Before(LedgerState.RUNNING, 0.5), task(2, 0.55))
                        .progressStep())
                .isZero();
        assertThat(new TaskStatusRules(0)
                        .transition(new Before(LedgerState.RUNNING, 0.2), task(2, 0.55))
                        .progressStep())
                .isZero();
    }

    @Test
    void aProgressGivenAsTextIsNoProgressTheLedgerKeeps() {
        assertThat(quarters.transition(
                                new Before(LedgerState.RUNNING, 0.2), task(2, 0).put("progress", "0.55"))
                        .progressStep())
                .isZero();
    }

    @Test
    void anAnswerHashedAsLastTimeIsUnchangedMovedCountersAreChangedAndANewStateIsEventful() {
        ObjectNode running = task(2, 0.1);
        long hash = quarters.observe(running).viewHash();
        PollTarget target = new PollTarget("r-1", 7, LedgerState.RUNNING, 0, hash, 0.1);

        assertThat(quarters.judge(target, quarters.observe(running))).isEqualTo(Verdict.UNCHANGED);
        assertThat(quarters.judge(target, quarters.observe(task(2, 0.1).put("total_num", 11))))
                .isEqualTo(Verdict.CHANGED);
        assertThat(quarters.judge(target, quarters.observe(task(5, 1.0)))).isEqualTo(Verdict.EVENTFUL);
        assertThat(quarters.judge(target, quarters.observe(task(2, 0.3)))).isEqualTo(Verdict.EVENTFUL);
    }

    @Test
    void theViewHashCoversOnlyTheFieldsTheLedgerKeepsAndTellsSplitValuesApart() {
        long kept = TaskStatusRules.viewHash(task(2, 0.1));

        assertThat(TaskStatusRules.viewHash(task(2, 0.1).put("ak", "AKIDEXAMPLE")))
                .isEqualTo(kept);
        assertThat(TaskStatusRules.viewHash(task(2, 0.1).put("name", "task-71")))
                .isNotEqualTo(kept);
        assertThat(TaskStatusRules.viewHash(
                        MAPPER.createObjectNode().put("id", 1).put("name", "23")))
                .isNotEqualTo(TaskStatusRules.viewHash(
                        MAPPER.createObjectNode().put("id", 12).put("name", "3")));
    }
}
