-- Reports: what the importer read out of each report (figures with their spans, problems, the
-- section tree), and the figures staff confirmed or corrected before publishing them.

alter table reports add column if not exists figures jsonb not null default '{}'::jsonb;
alter table reports add column if not exists problems jsonb not null default '[]'::jsonb;
alter table reports add column if not exists sections jsonb not null default '[]'::jsonb;
alter table reports add column if not exists format text;
-- sha-256 of the raw input: tells an operator whether a re-import changed anything.
alter table reports add column if not exists content_hash text;
create index if not exists reports_agency_year_idx on reports (agency, year);

-- A figure a member of staff confirmed (value as imported) or corrected (value changed), and
-- whether it is published. One row per report and key: confirming again replaces the row.
create table if not exists report_figures (
  report_id text not null references reports (id) on delete cascade,
  key text not null,
  value double precision not null,
  unit text not null,
  approx boolean not null default false,
  span_start integer,
  span_end integer,
  imported_value double precision,
  status text not null default 'confirmed' check (status in ('confirmed', 'corrected')),
  confirmed_by text not null,
  confirmed_at timestamptz not null default now(),
  published boolean not null default false,
  published_by text,
  published_at timestamptz,
  primary key (report_id, key)
);
