package io.omsbridge.model;

import java.util.Optional;

/**
 * The singleton duties of bridges that share a ledger ({@value #POLL}, {@value #PUBLISH}, {@value #SWEEP}): which of
 * them this bridge leads now, and who leads each. The routes of a duty run only on its leader; the beans ask
 * {@link #leads} again before each step, so a leader that lost a duty mid-cycle stops at the next step.
 */
public interface Duties {

    /** The status poll (and the task groups' poll). */
    String POLL = "poll";
    /** Handing the outbox's events to their endpoints. */
    String PUBLISH = "publish";
    /** Claiming again the requests and operations that are due (parked, held, or left by a crash). */
    String SWEEP = "sweep";

    /** True while this bridge leads the duty; never true after its leadership ran out, even if nobody said so yet. */
    boolean leads(String duty);

    /** Who leads the duty as last seen (a node id or pod name); empty when nobody does, or it is not known yet. */
    Optional<String> leader(String duty);

    /** A number that changes each time this bridge takes the duty (what it missed meanwhile must be looked at). */
    long term(String duty);
}
