-- 009: the agency directory (issue 14). The catalog's publishing agencies become the platform's
-- agencies: one table, so the directory reaches devices through pull sync exactly as the catalog
-- does (entity 'catalogAgency'). Reports and applications point at an agency by id.

alter table catalog_agencies add column if not exists short_name text;
-- 统一社会信用代码 (GB 32100); org_code stays the 索引号 prefix the catalog already uses.
alter table catalog_agencies add column if not exists credit_code text;
alter table catalog_agencies add column if not exists level text not null default 'municipal'
  check (level in ('national', 'provincial', 'municipal', 'county', 'township'));
alter table catalog_agencies add column if not exists region text not null default '';
alter table catalog_agencies add column if not exists parent_id text references catalog_agencies (id);
alter table catalog_agencies add column if not exists office_name text;
alter table catalog_agencies add column if not exists office_address text;
alter table catalog_agencies add column if not exists office_phone text;
alter table catalog_agencies add column if not exists office_hours text;
-- 政府信息公开指南 (条例 Art. 12), plain text.
alter table catalog_agencies add column if not exists guide text not null default '';
-- An inactive agency keeps its history but takes no new applications.
alter table catalog_agencies add column if not exists active boolean not null default true;

-- A report belongs to the agency that published it (null until linked: an upload names the agency
-- only as text until staff or the seed link it).
alter table reports add column if not exists agency_id text references catalog_agencies (id);
create index if not exists reports_agency_id_idx on reports (agency_id, year);

-- The agency an application is addressed to (null for those received before agencies existed).
alter table applications add column if not exists agency_id text references catalog_agencies (id);
create index if not exists applications_agency_idx on applications (agency_id, server_received_at);

-- Devices hold agencies and reports without the new fields: send every one again.
insert into change_log (entity, entity_id, op) select 'catalogAgency', id, 'put' from catalog_agencies order by id;
insert into change_log (entity, entity_id, op) select 'report', id, 'put' from reports order by id;
