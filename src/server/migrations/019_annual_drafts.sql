-- 019: annual report drafts (issue 20). One draft per agency and year, written from the platform's
-- own records: the six sections' prose, the tables and figures as generated (jsonb, so a draft
-- shows exactly what was checked), the records behind every figure, and who changed it last.
-- Publishing writes an ordinary row of `reports` (the citizens' side) and remembers it here.
create table if not exists annual_drafts (
  id text primary key,
  agency_id text not null references catalog_agencies (id),
  agency text not null,
  year integer not null check (year between 2008 and 2100),
  template text not null check (template in ('2019', '2021')),
  sections jsonb not null,
  -- section keys staff have edited: regenerating keeps their words
  edited jsonb not null default '[]',
  tables jsonb not null,
  figures jsonb not null,
  sources jsonb not null default '{}',
  version integer not null default 1,
  created_by text,
  updated_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  report_id text,
  published_version integer,
  published_by text,
  published_at timestamptz,
  unique (agency_id, year)
);
create index if not exists annual_drafts_year_idx on annual_drafts (year, agency_id);
