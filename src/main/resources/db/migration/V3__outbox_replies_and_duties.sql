-- A reply that could not be delivered within bridge.publish.reply-give-up is recorded as abandoned (not delivered), so
-- its event can leave the outbox.
alter table bridge_event_delivery add column abandoned boolean default false not null;

-- The outbox is read oldest first per endpoint: with event_id in the index both databases read it in order and stop at
-- the batch instead of sorting every pending event; the second index finds the events that wait for a reply.
drop index bridge_event_pending;
create index bridge_event_pending on bridge_event (published_at, created_at, event_id);
create index bridge_event_replies on bridge_event (published_at, reply_to, created_at);

-- With several bridges on one ledger, one of them does each duty (poll, publish) at a time: the holder renews its lease
-- before "until" (epoch ms); another bridge takes the duty once the lease has run out.
create table bridge_duty (
    duty   varchar(64)  not null primary key,
    holder varchar(255) not null,
    until  bigint       not null
);
