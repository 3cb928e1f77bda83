-- A hash of what OMS last said about a task: the poll compares it with each listed task instead of reading (and
-- holding) every stored view, and writes only the rows whose hash changed.
alter table bridge_request add column view_hash bigint;
