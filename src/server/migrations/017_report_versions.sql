-- Report versions (issue 19): every upload that changes a report's content is a new version.
-- Staff confirmations belong to the version they were made on, so a new version starts with none,
-- and publishing names the version the supervisor reviewed: a report re-uploaded in between is
-- refused (409) instead of going public unread.
alter table reports add column if not exists version integer not null default 1;
