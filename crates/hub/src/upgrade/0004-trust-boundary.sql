-- Version 4 (issue «The hub as a trust boundary»). Structure and data only:
-- the rules themselves (functions, policies, privileges) live in rules.sql,
-- which install and every upgrade apply whole after the last step.
--
-- What a hostile review found, and what this step moves:
--   * the checking triggers of versions 1–3 ran only at trigger depth 0, so a
--     member's own temporary table with a trigger wrote unchecked: members
--     now hold no INSERT/UPDATE/DELETE at all and write through checked
--     functions (rules.sql); the triggers and their functions go;
--   * a reporter who reached a contract line only through a new assignment
--     never received the line (the pull selected rows by their txid, and a
--     reach row did not bump it): reach rows carry their own txid, and a pull
--     sends the rows newly reached;
--   * a restored or copied workbench reused its id and its sequence numbers,
--     and the hub skipped its new operations as already applied: the hub
--     keeps a digest of every operation it settled, and a different
--     operation under a settled number is refused (the workbench then takes
--     a new id);
--   * one member role for every hub of a cluster (CONNECT was PUBLIC's): each
--     hub has its own member role, and an owner role that owns its schema and
--     runs its checked functions (never a superuser).

ALTER TABLE toasoan.reach ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX reach_person_txid ON toasoan.reach (person, txid);

CREATE TABLE toasoan.pushed (
    workbench text NOT NULL,
    seq bigint NOT NULL,
    digest text NOT NULL,
    PRIMARY KEY (workbench, seq)
);

ALTER TABLE toasoan.files ADD COLUMN written_at timestamptz NOT NULL DEFAULT now();

DROP TRIGGER IF EXISTS rows_check ON toasoan.rows;
DROP TRIGGER IF EXISTS rows_check_acceptance ON toasoan.rows;
DROP TRIGGER IF EXISTS rows_check_people ON toasoan.rows;
DROP TRIGGER IF EXISTS rows_check_values ON toasoan.rows;
DROP TRIGGER IF EXISTS rows_notify ON toasoan.rows;
DROP TRIGGER IF EXISTS logins_check ON toasoan.logins;
DROP FUNCTION IF EXISTS toasoan.check_row();
DROP FUNCTION IF EXISTS toasoan.check_acceptance();
DROP FUNCTION IF EXISTS toasoan.check_people();
DROP FUNCTION IF EXISTS toasoan.check_values();
DROP FUNCTION IF EXISTS toasoan.check_login();
DROP FUNCTION IF EXISTS toasoan.notify_change();
DROP FUNCTION IF EXISTS toasoan.complete_file(text);
DROP POLICY IF EXISTS rows_insert ON toasoan.rows;
DROP POLICY IF EXISTS rows_update ON toasoan.rows;
DROP POLICY IF EXISTS publish_claims_desk ON toasoan.publish_claims;
DROP POLICY IF EXISTS poll_claims_member ON toasoan.poll_claims;
DROP POLICY IF EXISTS portal_media_desk ON toasoan.portal_media;
DROP POLICY IF EXISTS workbenches_own ON toasoan.workbenches;

-- This hub's own roles, named after its database (PostgreSQL roles are
-- cluster-wide; a login of another hub on the same cluster is in neither).
DO $$
DECLARE
    owner_role text := left('toasoan_owner_' || current_database(), 63);
    member_role text := left('toasoan_member_' || current_database(), 63);
    l name;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = owner_role) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', owner_role);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = member_role) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', member_role);
    END IF;
    -- The admin acts as the owner (to change the schema in later upgrades).
    EXECUTE format('GRANT %I TO %I', owner_role, session_user);
    INSERT INTO toasoan.meta (key, value) VALUES ('owner_role', owner_role), ('member_role', member_role)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
    FOR l IN SELECT g.login FROM toasoan.logins g JOIN pg_roles r ON r.rolname = g.login LOOP
        EXECUTE format('GRANT %I TO %I', member_role, l);
        IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                   WHERE g.rolname = 'toasoan_member' AND u.rolname = l) THEN
            EXECUTE format('REVOKE toasoan_member FROM %I', l);
        END IF;
    END LOOP;
END $$;

-- Operations applied before this version have no digest: a workbench's
-- cursor at the upgrade stands for them (as in versions 1–3).
ALTER TABLE toasoan.workbenches ADD COLUMN digests_from bigint NOT NULL DEFAULT 0;
UPDATE toasoan.workbenches SET digests_from = last_seq;

-- The workbench's columns of each replicated table, as its schema has them:
-- what the hub checks every pushed row against (filled by columns.sql,
-- generated from the store's schema and checked against it by a test).
CREATE TABLE toasoan.columns (
    tbl text NOT NULL,
    col text NOT NULL,
    type text NOT NULL,
    required boolean NOT NULL,
    PRIMARY KEY (tbl, col)
);
