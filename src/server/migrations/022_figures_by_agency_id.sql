-- Published figures and appeal records keyed by the directory agency (issue 14). Both tables were
-- keyed by the agency's name, so renaming an agency in the directory cut it off from its published
-- figures and its 行政复议 / 行政诉讼 records. The name column stays (what was printed at the
-- time, and the key of rows no directory agency matches); `agency_id` decides where it is set.
alter table published_figures add column if not exists agency_id text references catalog_agencies (id);
alter table review_records add column if not exists agency_id text references catalog_agencies (id);

-- Existing rows: the agency whose full name (else short name) is the row's agency text; a name
-- that no agency has stays unlinked and keeps being found by name.
update published_figures p set agency_id = (
  select a.id from catalog_agencies a where a.name = p.agency or a.short_name = p.agency
  order by (a.name = p.agency) desc, a.id limit 1)
where p.agency_id is null;
update review_records r set agency_id = (
  select a.id from catalog_agencies a where a.name = r.agency or a.short_name = r.agency
  order by (a.name = r.agency) desc, a.id limit 1)
where r.agency_id is null;

create unique index if not exists published_figures_agency_id_idx on published_figures (agency_id, year, key) where agency_id is not null;
create index if not exists review_records_agency_id_idx on review_records (agency_id);
