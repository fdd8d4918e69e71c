-- Issue 18: the applicant's 补正 answers and the files of a case (补正材料 and the documents an
-- answer discloses), and the mailing number of a paper delivery.
-- Files live in the database (bytea), not in the data directory: every app instance behind a load
-- balancer and every backup sees them, and a file commits in the same transaction as its step.
-- Size limits (shared/files) keep a case's files to tens of megabytes.

create table if not exists amendments (
  -- The device's UUIDv7: the primary key is what makes a 补正 idempotent.
  id uuid primary key,
  application_id uuid not null references applications (id),
  -- SHA-256 of the request as received: the same id with another body is a conflict, not a retry.
  payload_hash text not null,
  text text not null,
  received_at timestamptz not null default now()
);
create index if not exists amendments_app_idx on amendments (application_id, received_at);

create table if not exists case_files (
  id uuid primary key,
  application_id uuid not null references applications (id),
  kind text not null check (kind in ('amendment', 'answer')),
  amendment_id uuid references amendments (id),
  name text not null,
  -- Sniffed from the bytes on arrival, never the sender's word.
  content_type text not null,
  size integer not null,
  sha256 text not null,
  data bytea not null,
  uploaded_by uuid references staff_users (id),
  created_at timestamptz not null default now()
);
create index if not exists case_files_app_idx on case_files (application_id, kind, created_at);

alter table applications add column if not exists mailing_number text;
