-- Telling the applicant (issue 21): the notification outbox and the devices that opted in to Web Push.
--
-- notify_outbox: one row per message, written in the same transaction as the case step that causes
-- it. (application_id, step_key, channel, target) is unique, so a step can never queue the same
-- message twice, whatever retries the caller makes. params hold only what the text needs (tracking
-- code, dates, amount, language): the contact address is read from the encrypted application at send
-- time, so this table never holds personal data. A worker claims due rows with a lease
-- (state 'sending', lease_until); a lease that runs out (the instance died mid-send) makes the row
-- claimable again, and the retry carries the same idempotency key as the first try.
create table if not exists notify_outbox (
  id bigserial primary key,
  application_id uuid not null,
  -- 'received', 'case:<seq>' for a case step, 'remind:<seq>' for the reminder before its deadline
  step_key text not null,
  kind text not null,
  channel text not null check (channel in ('email', 'sms', 'push')),
  -- the push subscription's id; '' for e-mail and SMS (one address each)
  target text not null default '',
  params jsonb not null,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  -- set by each claim: a worker whose lease ran out cannot overwrite the outcome of the next claim
  claim_token text,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (application_id, step_key, channel, target)
);
create index if not exists notify_outbox_due_idx on notify_outbox (next_attempt_at) where state in ('pending', 'sending');
create index if not exists notify_outbox_app_idx on notify_outbox (application_id, id);

-- The Web Push (VAPID) key pair, one per installation, found by every instance and every backup
-- like the server's other keys; the private half is encrypted with the server's at-rest data key
-- (itself wrapped by the key-encryption key that never enters the database), so a dump alone
-- cannot sign push messages. VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY in the environment override it.
create table if not exists notify_vapid (
  id integer primary key check (id = 1),
  public_key text not null,
  private_enc text not null,
  data_key_id text not null,
  created_at timestamptz not null default now()
);

-- A browser that opted in on the receipt or tracking page. The endpoint and keys are what the push
-- service needs to deliver an encrypted message to that one browser; a 404/410 from the push
-- service removes the row.
create table if not exists push_subscriptions (
  id uuid primary key,
  application_id uuid not null,
  endpoint text not null,
  p256dh text not null,
  auth text not null,
  lang text not null default 'zh-CN',
  created_at timestamptz not null default now(),
  unique (application_id, endpoint)
);
