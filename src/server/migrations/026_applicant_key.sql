-- 026: the per-applicant monthly count for 按件 fees (国办函〔2020〕109号, issue 17).
-- applicant_key is an HMAC, under the server's MAC key, of the applicant's identity document type
-- and normalised number: equal for one applicant's applications, useless without the key, and never
-- the plain number (that stays in personal_enc only). Null on rows stored before this migration:
-- their fee count is still typed by staff (docs/law.md).
alter table applications add column if not exists applicant_key text;

-- One applicant's applications to one agency in one month, in the order received.
create index if not exists applications_applicant_month_idx
  on applications (applicant_key, agency_id, received_on, server_received_at, id)
  where applicant_key is not null;
