package io.omsbridge.poll;

import io.omsbridge.ledger.TaskLedger;

/** What one poll cycle did: tasks due, OMS calls made (list pages, shows), tasks changed, tasks left for later. */
public record PollCycle(int due, int lists, int shows, int changed, int stateChanges, int failed, long millis) {

    public int calls() {
        return lists + shows;
    }

    @Override
    public String toString() {
        return due + " due task(s), " + lists + " list page(s) + " + shows + " show(s), " + changed + " changed ("
                + stateChanges + " new state), " + failed + " left for the next cycle, " + millis + " ms";
    }

    /** Counts one cycle as it runs (shows run on several threads). */
    static final class Counter {
        private int due;
        private int lists;
        private int shows;
        private int changed;
        private int stateChanges;
        private int failed;
        private String firstFailure;

        synchronized void due(int n) {
            due += n;
        }

        synchronized void list() {
            lists++;
        }

        synchronized void show() {
            shows++;
        }

        synchronized void applied(TaskLedger.Applied applied) {
            if (applied == TaskLedger.Applied.CHANGED || applied == TaskLedger.Applied.STATE_CHANGED) {
                changed++;
            }
            if (applied == TaskLedger.Applied.STATE_CHANGED) {
                stateChanges++;
            }
        }

        synchronized void failed(int n, Exception e) {
            failed += n;
            if (firstFailure == null) {
                firstFailure = e.getMessage();
            }
        }

        synchronized String firstFailure() {
            return firstFailure;
        }

        synchronized PollCycle done(long millis) {
            return new PollCycle(due, lists, shows, changed, stateChanges, failed, millis);
        }
    }
}
