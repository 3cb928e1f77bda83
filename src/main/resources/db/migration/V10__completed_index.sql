-- The dashboard's last hour counts the tasks that ended minute by minute: an index on completed_at lets it read that
-- hour's rows only (created tasks are read through bridge_request_submitted, V2).
create index bridge_request_completed on bridge_request (completed_at);
