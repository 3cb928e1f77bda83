-- What a bandwidth or priority operation sets ({"bandwidth_policy": [...]} or {"task_priority": "HIGH"}), kept with
-- the operation so an attempt after a crash sends the same.
alter table bridge_operation add column arguments varchar(2000);
