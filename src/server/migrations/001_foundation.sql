-- Foundation: annual reports and the change log every device pulls from.

create table if not exists reports (
  id text primary key,
  title text not null,
  agency text not null,
  year integer,
  published_at date,
  template text not null default 'legacy' check (template in ('legacy', '2019', '2021')),
  region text,
  body text not null,
  source_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists reports_year_idx on reports (year);

-- Every change to data that devices mirror gets a row here; devices pull "since seq".
create table if not exists change_log (
  seq bigserial primary key,
  entity text not null,
  entity_id text not null,
  op text not null check (op in ('put', 'delete')),
  changed_at timestamptz not null default now()
);
create index if not exists change_log_entity_idx on change_log (entity, entity_id);
