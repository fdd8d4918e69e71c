-- 024: correction requests (更正申请, 条例 Art. 41), their own case type (issue 17).
-- A citizen asks an agency to correct a record about themselves that is inaccurate; the agency
-- corrects it, finds it cannot verify it, or (not its function) transfers the request to, or names,
-- the agency with power to correct. Not a disclosure application: the annual report's table 3 has
-- no row for it, so it has its own table and its own count (docs/law.md).
create table if not exists correction_requests (
  id uuid primary key,
  tracking_code text not null unique,
  agency_id text references catalog_agencies (id),
  server_received_at timestamptz not null default now(),
  received_on date not null,
  name_masked text not null,
  personal_enc text not null,
  record text not null,
  correction text not null,
  evidence text,
  payload_hash text not null,
  status text not null default 'received' check (status in ('received', 'answered')),
  outcome text check (outcome in ('corrected', 'notVerified', 'notOurs')),
  refer_agency_id text references catalog_agencies (id),
  transferred boolean,
  letter text,
  answered_on date,
  answered_by uuid
);

-- One agency's requests, open first then newest (the staff list), and one agency's year (statistics).
create index if not exists correction_requests_agency_idx on correction_requests (agency_id, status, server_received_at desc);
create index if not exists correction_requests_received_idx on correction_requests (agency_id, received_on);
