-- How precisely an entry's dates are known. Many documents cited in annual reports carry only a
-- year; the seed stored those as YYYY-01-01 and every screen showed an invented 1 January. With
-- 'year' the API sends the date as `YYYY` (ISO 8601 reduced precision); the column keeps the
-- first day of that year, so ordering and year filters work unchanged.
alter table catalog_entries add column if not exists date_precision text not null default 'day';
alter table catalog_entries drop constraint if exists catalog_entries_date_precision_check;
alter table catalog_entries add constraint catalog_entries_date_precision_check check (date_precision in ('day', 'year'));

-- Seed entries loaded before this migration: the loader marked year-only dates in the summary.
-- Their change is logged so that devices pull the corrected dates.
with fixed as (
  update catalog_entries set date_precision = 'year', updated_at = now()
   where date_precision = 'day' and id like 'seed-%' and summary like '%（原文未载发布日期，此处仅记年份。）'
     and to_char(published_on, 'MM-DD') = '01-01'
  returning id
)
insert into change_log (entity, entity_id, op) select 'catalogEntry', id, 'put' from fixed;
