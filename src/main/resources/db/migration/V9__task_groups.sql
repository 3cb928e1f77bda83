-- A request asking for a task group ("group": true, OMS API v2) becomes one OMS task group, followed by its id (a
-- string, where a task's is a number); task_id stays empty for it.
alter table bridge_request add column group_id varchar(128);
create index bridge_request_group on bridge_request (group_id);
