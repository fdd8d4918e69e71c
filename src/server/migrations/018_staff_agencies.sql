-- 018: staff work for their agencies (issue 14).
-- A staff account belongs to one or more agencies of the directory (catalog_agencies). Reviewers
-- and supervisors see and act only on applications addressed to those agencies; an account with no
-- agency rows is unscoped (the single-office deployment from before the directory, docs/staff.md).
-- The platform role (政务公开办) reads every agency's cases and figures and decides nothing.
alter table staff_users drop constraint if exists staff_users_role_check;
alter table staff_users add constraint staff_users_role_check
  check (role in ('reviewer', 'supervisor', 'admin', 'platform'));

create table if not exists staff_user_agencies (
  user_id uuid not null references staff_users (id) on delete cascade,
  agency_id text not null references catalog_agencies (id),
  primary key (user_id, agency_id)
);

-- One agency's queue in the queue's order (keyset pagination, 008's order with the agency first),
-- and one agency's cases by date of receipt (statistics, the platform overview).
create index if not exists applications_agency_queue_idx
  on applications (agency_id, case_rank, (coalesce(case_working_days_left, 0)), server_received_at desc, id desc);
create index if not exists applications_agency_receipt_idx on applications (agency_id, case_receipt_date);
