-- A rejected request keeps the fingerprint of its bad input (sha256:<hex>: the same input again adds no second event)
-- in a column of its own, so body only ever holds a request's JSON (empty for a rejected one: none is kept).
alter table bridge_request add column fingerprint varchar(80);
update bridge_request set fingerprint = body, body = '' where state = 'REJECTED' and body like 'sha256:%';
