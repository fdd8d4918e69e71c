-- Year schedules of the working-day calendar loaded by operators (the State Council's notice each
-- November). Append-only and versioned: loading a year again adds version n+1 and the newest
-- version of each year is the one in force; earlier versions stay for the record (who loaded what,
-- from which source) next to the audit_log entry written in the same transaction.
create table if not exists calendar_years (
  id bigserial primary key,
  year integer not null check (year between 1991 and 2200),
  version integer not null check (version >= 1),
  -- { year, holidays: {date: name}, makeUpWorkdays: {date: name}, source? } as parseYearSchedule returns it
  schedule jsonb not null,
  source text,
  loaded_by uuid references staff_users (id),
  created_at timestamptz not null default now(),
  unique (year, version)
);

create or replace function calendar_years_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'calendar_years is append-only (% refused)', tg_op;
end $$;
drop trigger if exists calendar_years_no_update on calendar_years;
create trigger calendar_years_no_update before update or delete on calendar_years
  for each row execute function calendar_years_append_only();
