-- Staff: accounts, server-side sessions, sign-in failures, the append-only audit log, the case
-- history staff build up, reconsiderations/lawsuits, settings and published year figures.
-- case_events.application_id has no foreign key on purpose: the staff schema must migrate on a
-- database where the applications table arrives in the same release, and events are only ever
-- written by the review routes after reading the application row.

create table if not exists staff_users (
  id uuid primary key,
  username text not null unique,
  display_name text not null default '',
  role text not null check (role in ('reviewer', 'supervisor', 'admin')),
  -- scrypt$N$r$p$salt$hash (see server/staff/passwords.ts)
  password_hash text not null,
  disabled boolean not null default false,
  failed_count integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Only a hash of the session id is stored: a leaked dump or replica cannot be replayed as a cookie.
create table if not exists staff_sessions (
  id_hash text primary key,
  user_id uuid not null references staff_users (id) on delete cascade,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists staff_sessions_user_idx on staff_sessions (user_id);

-- Failed sign-ins per address, for the per-IP lock-out (the per-account one is on staff_users).
create table if not exists staff_login_failures (
  id bigserial primary key,
  ip text not null,
  username text,
  at timestamptz not null default now()
);
create index if not exists staff_login_failures_ip_idx on staff_login_failures (ip, at);

-- Who saw personal data and who decided what. No route updates or deletes it, and the trigger
-- below makes the database refuse it too, so the log cannot be quietly edited through a bug.
create table if not exists audit_log (
  seq bigserial primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_username text,
  actor_role text,
  action text not null,
  target_type text,
  target_id text,
  ip text,
  details jsonb
);
create index if not exists audit_log_target_idx on audit_log (target_type, target_id);

create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op;
end
$$;
drop trigger if exists audit_log_no_update on audit_log;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
drop trigger if exists audit_log_no_truncate on audit_log;
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- A case's history. `event` is the shared clock's CaseEvent (null for staff-only steps such as an
-- extension request); `public_status` is what the applicant's tracking page shows, `note` is internal.
create table if not exists case_events (
  seq bigserial primary key,
  application_id uuid not null,
  kind text not null,
  event jsonb,
  public_status text,
  agency text,
  actor_id uuid references staff_users (id),
  note text,
  letter text,
  -- Step data that is not a clock event (an extension request's days and reason).
  details jsonb,
  created_at timestamptz not null default now()
);
create index if not exists case_events_app_idx on case_events (application_id, seq);

-- 行政复议 / 行政诉讼 about disclosure decisions, for the annual table.
create table if not exists review_records (
  id uuid primary key,
  agency text not null,
  kind text not null check (kind in ('reconsideration', 'lawsuitDirect', 'lawsuitAfterReconsideration')),
  filed_date date not null,
  result text check (result in ('upheld', 'corrected', 'other')),
  concluded_date date,
  application_id uuid,
  note text,
  created_by uuid references staff_users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Settings the regulation leaves open (e.g. whether a fee notice stops the reply clock).
create table if not exists staff_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- A year's statistics published as report figures (METRICS.md keys), until reports carry figures.
create table if not exists published_figures (
  agency text not null,
  year integer not null,
  key text not null,
  value numeric not null,
  published_at timestamptz not null default now(),
  published_by uuid references staff_users (id),
  primary key (agency, year, key)
);
