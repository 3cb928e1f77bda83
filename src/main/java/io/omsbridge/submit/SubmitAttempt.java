package io.omsbridge.submit;

import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.Claim;

/**
 * One claim being submitted, carried through the submit route's steps in one exchange property
 * ({@code BridgeConstants.ATTEMPT}): the claim and the request it holds, the tries made on it in this exchange, its
 * lease as last renewed, whether the next try searches OMS first, the task (or task group) it has once made or found,
 * and whether the current try holds a slot of the creates cap. Used by one exchange at a time.
 */
public final class SubmitAttempt {

    private final Claim claim;
    private final LedgerRecord record;
    private final boolean group;
    private int tries;
    private boolean searchFirst;
    private Long renewedUntil;
    private Long leasedAt;
    private int renewedForTry;
    private Long taskId;
    private String taskName;
    private String groupId;
    private boolean holdsSlot;

    /** {@code group}: the request asks for a task group ({@code "group": true}, API v2). */
    public SubmitAttempt(Claim claim, LedgerRecord record, boolean group) {
        this.claim = claim;
        this.record = record;
        this.group = group;
        this.searchFirst = claim.reconcile();
    }

    public Claim claim() {
        return claim;
    }

    public LedgerRecord record() {
        return record;
    }

    public String requestId() {
        return record.requestId();
    }

    public String projectId() {
        return record.projectId();
    }

    public boolean isGroup() {
        return group;
    }

    /** The route's first step of each try (the first, and each retry of the whole create). */
    public void nextTry() {
        tries++;
    }

    /** The number of the current try in this exchange, from 1 (1 before the first has begun). */
    public int tryNumber() {
        return Math.max(1, tries);
    }

    /** True when the next create must first look for a task made by an earlier, unanswered try. */
    public boolean isSearchFirst() {
        return searchFirst;
    }

    void searchFirstNextTry() {
        searchFirst = true;
    }

    /** The end of the lease on the ledger's clock, once renewed in this exchange; null while the claim's own holds. */
    public Long renewedUntil() {
        return renewedUntil;
    }

    /** When the lease was last asked for, on this node's clock: the claim's hand-out until renewed. */
    long leasedAt() {
        return leasedAt == null ? claim.leasedAt() : leasedAt;
    }

    int renewedForTry() {
        return renewedForTry;
    }

    void renewed(long until, long askedAt) {
        renewedUntil = until;
        leasedAt = askedAt;
        renewedForTry = tryNumber();
    }

    /** The end of the lease on the ledger's clock: a task posted under it exists in OMS before then. */
    public long leaseUntil() {
        return renewedUntil == null ? claim.leaseUntil() : renewedUntil;
    }

    /** True once the request has its task (or task group): made now or found from an earlier try. */
    public boolean isTaskKnown() {
        return taskId != null || groupId != null;
    }

    void foundTask(Long id, String name) {
        taskId = id;
        taskName = name;
    }

    void foundGroup(String id) {
        groupId = id;
    }

    public Long taskId() {
        return taskId;
    }

    public String taskName() {
        return taskName;
    }

    public String groupId() {
        return groupId;
    }

    /** True while the current try holds a slot of the creates cap (taken right before its POST). */
    boolean holdsSlot() {
        return holdsSlot;
    }

    void holdSlot(boolean holds) {
        holdsSlot = holds;
    }
}
