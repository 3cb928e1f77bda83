-- Migration 7 on PostgreSQL (io.omsbridge.ledger.StateCountsMigration runs it; a line "--;" ends each statement).
-- How many requests are in each state, kept by triggers in the same transaction as every change, so the metrics and
-- the dashboard read a few rows instead of counting the whole history. Each server process (one per connection) adds
-- to rows of its own, so concurrent writers never wait on one another's counts nor deadlock on them; a count is the
-- sum over its rows.
create table bridge_state_count (
    state varchar(16) not null,
    shard bigint      not null,
    n     bigint      not null,
    primary key (state, shard)
)
--;
insert into bridge_state_count (state, shard, n) select state, 0, count(*) from bridge_request group by state
--;
create function bridge_state_count() returns trigger language plpgsql as $$
begin
    if tg_op <> 'INSERT' then
        insert into bridge_state_count (state, shard, n) values (old.state, pg_backend_pid(), -1)
            on conflict (state, shard) do update set n = bridge_state_count.n - 1;
    end if;
    if tg_op <> 'DELETE' then
        insert into bridge_state_count (state, shard, n) values (new.state, pg_backend_pid(), 1)
            on conflict (state, shard) do update set n = bridge_state_count.n + 1;
    end if;
    return null;
end
$$
--;
create trigger bridge_state_count_rows after insert or delete on bridge_request
    for each row execute function bridge_state_count()
--;
create trigger bridge_state_count_state after update of state on bridge_request
    for each row when (old.state is distinct from new.state) execute function bridge_state_count()
--;
-- the API and the dashboard page through requests newest first, all of them or those in one state
create index bridge_request_newest on bridge_request (created_at, request_id)
--;
create index bridge_request_state_newest on bridge_request (state, created_at, request_id)
--;
