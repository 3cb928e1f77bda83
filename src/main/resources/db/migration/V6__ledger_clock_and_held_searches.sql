-- Leases, attempt times and duties are judged on the database's clock from now on (nodes' clocks need not agree).
-- first_post_at: when the first lease began under which an attempt may have posted the request's create (the search
-- for a task an earlier attempt may have made walks OMS's list back to there); held_since: since when the request has
-- been held because that search could not be completed (never posted meanwhile).
alter table bridge_request add column first_post_at bigint;
alter table bridge_request add column held_since bigint;
update bridge_request set first_post_at = created_at where task_id is null and state in ('RECEIVED', 'SUBMITTING');
