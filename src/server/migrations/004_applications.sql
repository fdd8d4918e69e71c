-- Applications (依申请公开) received from devices, and their status history.
-- The id is the device's UUIDv7: the primary key is what makes a submission idempotent.
-- Personal data is stored only encrypted with the server's data key (personal_enc); the plain
-- columns hold masked values for staff lists and the phone's last four digits hashed for tracking.

create table if not exists applications (
  id uuid primary key,
  tracking_code text not null unique,
  -- SHA-256 of the request as received: the same id with another payload is a conflict, not a retry.
  payload_hash text not null,
  channel text not null check (channel in ('inPerson', 'online', 'post', 'fax')),
  device_id text,
  device_submitted_at timestamptz not null,
  server_received_at timestamptz not null default now(),
  received_on date not null,
  due_date date not null,
  due_date_provisional boolean not null default false,
  status text not null default 'received',
  applicant_type text not null,
  org_subtype text,
  id_type text not null,
  name_masked text not null,
  id_number_masked text not null,
  phone_masked text not null,
  phone4_hash text not null,
  -- AES-256-GCM under the server's data key: { personal } as JSON; data_key_id names the key.
  personal_enc text not null,
  data_key_id text not null,
  -- The agency key the device sealed to.
  seal_kid text not null,
  general jsonb not null,
  created_at timestamptz not null default now()
);
create index if not exists applications_received_idx on applications (server_received_at);
create index if not exists applications_status_idx on applications (status, due_date);

create table if not exists application_events (
  seq bigserial primary key,
  application_id uuid not null references applications (id),
  status text not null,
  at timestamptz not null,
  outcome text,
  note text
);
create index if not exists application_events_app_idx on application_events (application_id, seq);
