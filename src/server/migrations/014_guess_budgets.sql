-- Budgets an attacker cannot reset by changing address (issue 15), kept in the database so that
-- every instance counts together.
-- Wrong phone-digit guesses per tracking code: past the budget, looking the code up by phone digits
-- pauses until the window ends (the device's status token still works).
create table if not exists tracking_guesses (
  tracking_code text primary key,
  window_start timestamptz not null,
  failures integer not null,
  locked_until timestamptz
);
create index if not exists tracking_guesses_window_idx on tracking_guesses (window_start);

-- Refused staff sign-ins, one row per address and window with a count, instead of a row per try;
-- the audit log gets one row per address and window when the window closes (staff/session).
create table if not exists signin_refusals (
  ip text not null,
  window_start timestamptz not null,
  attempts integer not null,
  last_username text,
  -- How many of each refusal: {"failed": n, "locked": n, "address": n}.
  kinds jsonb not null default '{}',
  audited boolean not null default false,
  primary key (ip, window_start)
);
create index if not exists signin_refusals_open_idx on signin_refusals (audited, window_start);

-- The masked phone staff see ended in the last four digits, which are the tracking factor:
-- keep only the first three (src/shared/application/ids.ts maskPhone).
update applications set phone_masked = left(phone_masked, 3) || repeat('*', length(phone_masked) - 3)
  where length(phone_masked) >= 7 and right(phone_masked, 4) ~ '^[0-9]{4}$';
