-- The destination region of a request (dst_node.region): with regions configured the bridge makes the task at that
-- region's OMS, under its project, and polls and operates it there; empty for rows older than this column.
alter table bridge_request add column region varchar(64);
