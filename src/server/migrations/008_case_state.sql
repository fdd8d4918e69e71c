-- The staff side's view of each case, stored beside the application so that the queue and the
-- statistics are SQL with indexes instead of "load every application" (issue 13).
-- These columns are a cache, never the source of truth: case_events are. The cases service
-- (src/server/staff/cases/service.ts) writes them after every case event, again for open cases
-- once a day (working days left and overdue move with the date) or when the calendar data
-- changes, and for every case when the clock settings change (recomputeOpenCases).
-- A row with case_computed_on null has never been computed (a new submission, or rows from before
-- this migration): the next queue or statistics read computes it.
alter table applications
  add column if not exists case_status text,
  add column if not exists case_agency text,
  add column if not exists case_channel text,
  add column if not exists case_receipt_date date,
  add column if not exists case_due_date date,
  add column if not exists case_working_days_left integer,
  add column if not exists case_overdue boolean,
  add column if not exists case_paused boolean,
  add column if not exists case_provisional boolean,
  add column if not exists case_extension_pending boolean,
  add column if not exists case_answered_on date,
  add column if not exists case_outcome text,
  -- Queue order: 0 clock running, 1 no running clock (waiting, abandoned), 2 answered.
  add column if not exists case_rank smallint,
  add column if not exists case_computed_on date,
  add column if not exists case_calendar text;

-- The queue's order, for keyset pagination.
create index if not exists applications_case_queue_idx
  on applications (case_rank, (coalesce(case_working_days_left, 0)), server_received_at desc, id desc);
-- Open cases to refresh (answered ones change only with the settings).
create index if not exists applications_case_stale_idx
  on applications (case_computed_on) where case_status is distinct from 'answered';
-- Statistics: one agency's cases by date of receipt.
create index if not exists applications_case_receipt_idx on applications (case_agency, case_receipt_date);
-- Search by the start of a tracking code (LIKE 'GK-AB%' uses it whatever the database's collation).
create index if not exists applications_tracking_prefix_idx on applications (tracking_code text_pattern_ops);
