-- A migration may run as a series of passes (issue 22): each pass is a request row of its own (pass 1 is the request
-- itself, pass n > 1 is "<id>~p<n>"), so it is created exactly once like any request; migration_id and pass say which
-- migration and which pass a row is. The schedule row decides when the next pass starts and what it copies.
alter table bridge_request add column migration_id varchar(200);
alter table bridge_request add column pass integer;
create index bridge_request_migration on bridge_request (migration_id, pass);

create table bridge_pass_schedule (
    migration_id  varchar(200) not null primary key,
    -- "every" as the request gave it: an ISO-8601 duration or a Quartz cron expression
    every         varchar(200) not null,
    until_at      bigint,
    quiet_after   integer,
    -- the newest pass made, and the newest one whose end has been taken into account
    pass          integer      not null,
    settled       integer      not null,
    -- migrate_since of the next pass (epoch seconds); null while no pass has succeeded (the next one copies all)
    since_seconds bigint,
    -- succeeded passes in a row that copied no object
    quiet_run     integer      default 0 not null,
    next_at       bigint,
    cutover_at    bigint,
    -- the pass that is the final one, asked for by a cutover
    cutover_pass  integer,
    ended_at      bigint,
    -- COMPLETED (cutover pass succeeded, or until reached) or STOPPED (operation stop)
    ended_how     varchar(16),
    created_at    bigint       not null
);
create index bridge_pass_schedule_open on bridge_pass_schedule (ended_at);
