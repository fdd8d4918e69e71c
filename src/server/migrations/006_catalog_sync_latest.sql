-- 006: the latest change of each entity devices mirror, kept by a trigger on change_log. Pull sync
-- pages through it by seq: an entity changed many times travels once, and a page is a range scan of
-- the seq index however long the log grows (the anti-join over change_log that 003 indexed for made
-- every page cost the whole log; at 100,000 entries a first download took minutes).
-- Only the entities of the sync protocol are tracked (SYNC_ENTITIES in src/shared/sync/protocol.ts;
-- a new synced entity needs a migration that widens the trigger's WHEN and backfills), so a page
-- needs no entity filter and the planner always walks the seq index.
create table if not exists sync_latest (
  entity text not null,
  entity_id text not null,
  seq bigint not null unique,
  op text not null,
  primary key (entity, entity_id)
);
insert into sync_latest (entity, entity_id, seq, op)
  select distinct on (entity, entity_id) entity, entity_id, seq, op from change_log
  where entity in ('catalogEntry', 'catalogCategory', 'catalogAgency', 'report')
  order by entity, entity_id, seq desc
  on conflict do nothing;

-- Runs in the writer's transaction, after change_log_serialize (003) took the log's lock, so
-- sync_latest commits in seq order exactly as change_log does.
create or replace function sync_latest_track() returns trigger language plpgsql as $$
begin
  insert into sync_latest (entity, entity_id, seq, op) values (new.entity, new.entity_id, new.seq, new.op)
    on conflict (entity, entity_id) do update set seq = excluded.seq, op = excluded.op;
  return null;
end
$$;
drop trigger if exists sync_latest_track on change_log;
create trigger sync_latest_track after insert on change_log
  for each row when (new.entity in ('catalogEntry', 'catalogCategory', 'catalogAgency', 'report'))
  execute function sync_latest_track();

-- Nothing reads change_log by entity and seq any more; the index only slowed every write.
drop index if exists change_log_entity_seq_idx;
