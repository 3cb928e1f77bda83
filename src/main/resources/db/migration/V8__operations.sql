-- Operations on migrations (stop, start, retry, delete), each recorded before it is applied, applied once by its id,
-- and kept with its outcome. A retried task starts a new run of its request: run counts them, and each run's
-- terminal event has an id of its own.
alter table bridge_request add column run integer default 1 not null;

create table bridge_operation (
    operation_id    varchar(200)  not null primary key,
    request_id      varchar(200)  not null,
    operation       varchar(16)   not null,
    failed_only     boolean       default false not null,
    -- credential aliases the operation names for a start or retry ({"src_node":"alias"}); never keys
    aliases         varchar(1000),
    -- inline keys the operation gives for a start or retry, sealed like a request's until it is applied
    secrets         varchar(4000),
    state           varchar(16)   not null,
    result          varchar(4000),
    source          varchar(16)   not null,
    origin          varchar(1024),
    attempts        integer       default 0 not null,
    lease_owner     varchar(255),
    lease_until     bigint,
    next_attempt_at bigint,
    created_at      bigint        not null,
    applied_at      bigint
);
create index bridge_operation_due on bridge_operation (state, next_attempt_at);
create index bridge_operation_request on bridge_operation (request_id, created_at);
