-- HearingDesk on a shared PostgreSQL server: make the audit trail append-only (issue 12).
--
-- The application connects with its own role (not the owner of the tables); this script
-- gives that role full use of the register but only INSERT and SELECT on audit_entry, and a
-- trigger refuses UPDATE, DELETE and TRUNCATE of audit_entry for everybody, the owner too.
-- Run it once as the owner or a superuser, after `hearingdesk db upgrade` (run by the owner),
-- and again after each upgrade that adds tables:
--
--   createuser hearingdesk_app          -- once; give it a password: \password hearingdesk_app
--   psql -d hearingdesk -v app_role=hearingdesk_app -f resources/sql/postgres_audit_lockdown.sql
--
-- The office PCs then use HEARINGDESK_DB_URL=postgresql+psycopg://hearingdesk_app:...@server/hearingdesk.
-- Whoever can drop the trigger (the owner) can still edit the table: the chain's HMAC links
-- (`hearingdesk audit verify`) still name any such change.

\set ON_ERROR_STOP on

CREATE OR REPLACE FUNCTION hearingdesk_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'HearingDesk: the audit trail is append-only (% on audit_entry refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION hearingdesk_audit_append_only();
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry;
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION hearingdesk_audit_append_only();

GRANT CONNECT ON DATABASE :"DBNAME" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM :"app_role";
