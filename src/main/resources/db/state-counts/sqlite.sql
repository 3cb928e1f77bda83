-- Migration 7 on SQLite (io.omsbridge.ledger.StateCountsMigration runs it; a line "--;" ends each statement).
-- How many requests are in each state, kept by triggers in the same transaction as every change, so the metrics and
-- the dashboard read a few rows instead of counting the whole history. SQLite has one writer: one row per state.
create table bridge_state_count (
    state varchar(16) not null,
    shard bigint      not null,
    n     bigint      not null,
    primary key (state, shard)
)
--;
insert into bridge_state_count (state, shard, n) select state, 0, count(*) from bridge_request group by state
--;
create trigger bridge_state_count_insert after insert on bridge_request
begin
    insert into bridge_state_count (state, shard, n) values (new.state, 0, 1)
        on conflict (state, shard) do update set n = n + 1;
end
--;
create trigger bridge_state_count_delete after delete on bridge_request
begin
    insert into bridge_state_count (state, shard, n) values (old.state, 0, -1)
        on conflict (state, shard) do update set n = n - 1;
end
--;
create trigger bridge_state_count_update after update of state on bridge_request when old.state <> new.state
begin
    insert into bridge_state_count (state, shard, n) values (old.state, 0, -1)
        on conflict (state, shard) do update set n = n - 1;
    insert into bridge_state_count (state, shard, n) values (new.state, 0, 1)
        on conflict (state, shard) do update set n = n + 1;
end
--;
-- the API and the dashboard page through requests newest first, all of them or those in one state
create index bridge_request_newest on bridge_request (created_at, request_id)
--;
create index bridge_request_state_newest on bridge_request (state, created_at, request_id)
--;
