-- Trusted kiosks (issue 16). A kiosk row is made when staff ask for an enrolment code (pending),
-- becomes enrolled when a device registers its public signing key with that code, and can be
-- revoked. Only an HMAC of the one-time code is stored, so a database dump cannot enrol a device.
create table if not exists kiosks (
  id uuid primary key,
  name text not null,
  hall text not null,
  -- Agency ids as text until the agency directory lands.
  agencies jsonb not null default '[]'::jsonb,
  created_by uuid references staff_users (id),
  created_by_username text,
  created_at timestamptz not null default now(),
  code_hash text unique,
  code_expires_at timestamptz,
  public_key jsonb,
  enrolled_at timestamptz,
  revoked_at timestamptz,
  revoked_by_username text,
  last_contact_at timestamptz
);
create index if not exists kiosks_created_idx on kiosks (created_at);

-- The server decides the channel and the receipt date (Art. 31). kiosk_id: the enrolled kiosk that
-- signed it. receipt_flag: the kiosk's claimed in-person time was not believed, so the application
-- carries the server's date; claimed_submitted_at keeps the claim as sent for staff to see.
alter table applications add column if not exists kiosk_id uuid;
alter table applications add column if not exists receipt_flag text;
alter table applications add column if not exists claimed_submitted_at timestamptz;
create index if not exists applications_receipt_flag_idx on applications (server_received_at) where receipt_flag is not null;
