-- The ledger: one row per migration request, and the outbox of events written in the same transaction as the state
-- change that causes them. Times are epoch milliseconds (portable between H2 and PostgreSQL).
create table bridge_request (
    request_id      varchar(200)     not null primary key,
    source          varchar(16)      not null,
    origin          varchar(1024),
    reply_to        varchar(1024),
    project_id      varchar(128)     not null,
    body            varchar(1000000) not null,
    secrets         varchar(4000),
    state           varchar(16)      not null,
    task_id         bigint,
    task_name       varchar(255),
    oms_status      integer,
    task_detail     varchar(100000),
    attempts        integer          default 0 not null,
    last_error      varchar(4000),
    next_attempt_at bigint,
    lease_owner     varchar(255),
    lease_until     bigint,
    next_poll_at    bigint,
    polls_unchanged integer          default 0 not null,
    stop_count      integer          default 0 not null,
    created_at      bigint           not null,
    updated_at      bigint           not null,
    submitted_at    bigint,
    completed_at    bigint
);
create index bridge_request_due on bridge_request (state, next_attempt_at);
create index bridge_request_poll on bridge_request (state, next_poll_at);
create index bridge_request_task on bridge_request (task_id);

create table bridge_event (
    event_id     varchar(200)     not null primary key,
    request_id   varchar(200)     not null,
    type         varchar(64)      not null,
    payload      varchar(1000000) not null,
    reply_to     varchar(1024),
    created_at   bigint           not null,
    published_at bigint
);
create index bridge_event_pending on bridge_event (published_at, created_at);

-- which configured endpoint already has which event, so one endpoint that is down does not resend to the others
create table bridge_event_delivery (
    event_id     varchar(200)  not null,
    endpoint     varchar(2000) not null,
    delivered_at bigint        not null,
    primary key (event_id, endpoint)
);
