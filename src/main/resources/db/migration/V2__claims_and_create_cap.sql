-- A request remembers whether an earlier attempt may have reached OMS (a lost answer, a crash mid-submit): only then
-- is OMS's task list searched before posting again. Creates are counted per window from submitted_at.
alter table bridge_request add column reconcile boolean default false not null;
create index bridge_request_submitted on bridge_request (submitted_at);
