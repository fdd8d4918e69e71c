-- The disclosure catalog (政府信息公开目录): agencies, their 主题分类 trees and the entries, plus
-- what pull sync needs to be exact: a log epoch and commit-ordered change_log sequence numbers.

create table if not exists catalog_agencies (
  id text primary key,
  name text not null,
  org_code text not null,
  updated_at timestamptz not null default now()
);

create table if not exists catalog_categories (
  id text primary key,
  agency_id text not null references catalog_agencies (id),
  parent_id text references catalog_categories (id),
  name text not null,
  sort_order integer not null default 0,
  updated_at timestamptz not null default now()
);
create index if not exists catalog_categories_agency_idx on catalog_categories (agency_id);

create table if not exists catalog_entries (
  id text primary key,
  index_no text not null unique,
  title text not null,
  agency text not null,
  agency_id text not null references catalog_agencies (id),
  created_on date not null,
  published_on date not null,
  doc_no text,
  category_id text not null references catalog_categories (id),
  disclosure text not null check (disclosure in ('proactive', 'onRequest', 'notDisclosed')),
  summary text not null default '',
  body text not null default '',
  attachments jsonb not null default '[]',
  synthetic boolean not null default false,
  -- Withdrawn (撤销) entries stay for the record; devices get a tombstone and drop them.
  withdrawn_at timestamptz,
  updated_at timestamptz not null default now()
);
create index if not exists catalog_entries_category_idx on catalog_entries (category_id);

-- Pull sync asks "is there a later change of the same entity?" for every row it considers.
create index if not exists change_log_entity_seq_idx on change_log (entity, entity_id, seq);

-- A random id for this change log. Cursors carry it, so a device that synced against another
-- database (restored backup, reinstalled server) is told to start again instead of skipping rows.
create table if not exists sync_state (
  id integer primary key check (id = 1),
  epoch text not null
);
insert into sync_state (id, epoch)
  values (1, replace(gen_random_uuid()::text, '-', ''))
  on conflict (id) do nothing;

-- Sequence numbers are handed out at insert time, but transactions commit in any order: a device
-- could read seq 11, move its cursor past 10, and never see 10 once that transaction commits.
-- Taking one transaction-scoped lock before any change_log insert makes writers of the log commit
-- in seq order, so every seq a reader can see has all smaller ones visible too. Writers hold it
-- until commit, so they write change_log last.
create or replace function change_log_serialize() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(727275);
  return null;
end
$$;
drop trigger if exists change_log_serialize on change_log;
create trigger change_log_serialize before insert on change_log
  for each statement execute function change_log_serialize();
