-- Report review by staff (issue 3): an uploaded report stays a draft, invisible to citizens and
-- devices, until a member of staff publishes it. Reports that existed before are public.
alter table reports add column if not exists visibility text not null default 'public'
  check (visibility in ('draft', 'public'));
alter table reports add column if not exists uploaded_by text;

-- Devices pulled reports before the sync payload carried figures, problems and sections: log
-- every report once more so that the next pull brings them whole.
insert into change_log (entity, entity_id, op) select 'report', id, 'put' from reports order by id;
