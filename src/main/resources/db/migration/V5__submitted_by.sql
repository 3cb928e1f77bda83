-- Which bridge made the task: each bridge's creates cap counts its own creates (its share of the tenant's quota) when
-- it starts. Tasks made before this column existed count for every bridge.
alter table bridge_request add column submitted_by varchar(64);
