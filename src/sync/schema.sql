-- The head office's schema (issue 19 §3), run by `frontdesk head-office setup` as the head
-- office's administrator, once and again after an upgrade: every statement here may run
-- again on what an earlier run made. A desk's `frontdesk sync` creates nothing.

-- Which schema the head office has: one row, written by the setup after this script, so a
-- desk can tell a head office never set up (no table) from one set up by an older frontdesk.
CREATE TABLE IF NOT EXISTS frontdesk_schema (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version integer NOT NULL
);

-- The copy of every office's evidence chains. One table for every office and chain: a chain
-- the store declares later joins without a change here.
CREATE TABLE IF NOT EXISTS evidence_rows (
    office      text        NOT NULL,
    chain       text        NOT NULL,
    pos         bigint      NOT NULL CHECK (pos >= 1),
    row_id      bigint      NOT NULL,
    prev_link   bytea       NOT NULL CHECK (length(prev_link) = 32),
    link        bytea       NOT NULL CHECK (length(link) = 32),
    -- The row's columns as the desk stored them; null when the desk's table no longer had it.
    row_json    jsonb,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office, chain, pos)
);

-- Each office's login: `frontdesk head-office add-office` creates a LOGIN role for the office
-- and records it here. The role pushes and reads only the rows under this office name.
CREATE TABLE IF NOT EXISTS offices (
    office   text        PRIMARY KEY CHECK (btrim(office) <> ''),
    role     name        NOT NULL UNIQUE,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- The two group roles, cluster-wide, made once: every office's login is a member of
-- frontdesk_office (push and read its own rows), the group's readers and auditors of
-- frontdesk_group (read every office's rows). Neither logs in itself.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'frontdesk_office') THEN
        CREATE ROLE frontdesk_office NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'frontdesk_group') THEN
        CREATE ROLE frontdesk_group NOLOGIN;
    END IF;
END $$;

-- The office the session's login pushes as, null for a login that is no office's (the
-- administrator). The login, not the current role: SET ROLE cannot make an office another.
-- SECURITY DEFINER so that an office need not read `offices` (every office's role name).
CREATE OR REPLACE FUNCTION frontdesk_office() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
BEGIN
    RETURN (SELECT office FROM offices WHERE role = session_user);
END $$;

-- The witness: a row is taken only when it continues the last link held for its office and
-- chain (the first row: the chain's start, 32 zero bytes). A refusal is SQLSTATE FD001 with
-- the office, chain, position and row as JSON in its detail, for the desk to say it.
CREATE OR REPLACE FUNCTION frontdesk_refuse(p_office text, p_chain text, p_pos bigint,
                                            p_row bigint, p_why text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'office % chain % row % (link %): %', p_office, p_chain, p_row, p_pos, p_why
        USING ERRCODE = 'FD001',
              DETAIL = json_build_object('office', p_office, 'chain', p_chain,
                                         'pos', p_pos, 'row', p_row, 'why', p_why)::text;
END $$;

-- SECURITY DEFINER: the witness reads the office's chain as the administrator, past the
-- row-level policies, which would cost a call of frontdesk_office() per row read; it reads
-- only the pushed row's own office and chain, after the login is known to be that office's.
CREATE OR REPLACE FUNCTION evidence_rows_continue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    own       text := (SELECT office FROM offices WHERE role = session_user);
    last_pos  bigint;
    last_link bytea;
BEGIN
    -- An office's login pushes only under its own name: said here with the refusal's
    -- detail, before the row-level policy would refuse it with PostgreSQL's general words.
    IF own IS NOT NULL AND own <> NEW.office THEN
        PERFORM frontdesk_refuse(NEW.office, NEW.chain, NEW.pos, NEW.row_id, 'office');
    END IF;
    -- One push at a time per office and chain, so two cannot both continue the same link.
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.office || '/' || NEW.chain, 0));
    SELECT pos, link INTO last_pos, last_link FROM evidence_rows
     WHERE office = NEW.office AND chain = NEW.chain ORDER BY pos DESC LIMIT 1;
    IF last_pos IS NULL THEN
        IF NEW.pos <> 1 OR NEW.prev_link <> decode(repeat('00', 32), 'hex') THEN
            PERFORM frontdesk_refuse(NEW.office, NEW.chain, NEW.pos, NEW.row_id, 'start');
        END IF;
    ELSIF NEW.pos <> last_pos + 1 OR NEW.prev_link <> last_link THEN
        PERFORM frontdesk_refuse(NEW.office, NEW.chain, NEW.pos, NEW.row_id, 'continue');
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION evidence_rows_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence_rows is append-only' USING ERRCODE = 'FD002';
END $$;

-- The desk's link at the last position the head office holds, sent by every sync for every
-- chain (also those with no new rows): a desk file rewritten behind the console's back no
-- longer has the link the head office holds there. `p_link` null: the desk's chain is
-- shorter than what the head office holds.
CREATE OR REPLACE FUNCTION frontdesk_witness(p_office text, p_chain text, p_pos bigint,
                                             p_link bytea) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    held_row  bigint;
    held_link bytea;
BEGIN
    SELECT row_id, link INTO held_row, held_link FROM evidence_rows
     WHERE office = p_office AND chain = p_chain AND pos = p_pos;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF p_link IS NULL THEN
        PERFORM frontdesk_refuse(p_office, p_chain, p_pos, held_row, 'shorter');
    ELSIF p_link <> held_link THEN
        PERFORM frontdesk_refuse(p_office, p_chain, p_pos, held_row, 'differs');
    END IF;
END $$;

-- Whether the head office holds `p_link` at `p_pos` (or nothing there): how a refused desk
-- finds the first row that no longer matches, to name it, before the witness refuses it.
CREATE OR REPLACE FUNCTION frontdesk_holds(p_office text, p_chain text, p_pos bigint,
                                           p_link bytea) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT link IS NOT DISTINCT FROM p_link FROM evidence_rows
                      WHERE office = p_office AND chain = p_chain AND pos = p_pos), true)
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'evidence_rows_continue') THEN
        CREATE TRIGGER evidence_rows_continue BEFORE INSERT ON evidence_rows
            FOR EACH ROW EXECUTE FUNCTION evidence_rows_continue();
        CREATE TRIGGER evidence_rows_no_change BEFORE UPDATE OR DELETE ON evidence_rows
            FOR EACH ROW EXECUTE FUNCTION evidence_rows_append_only();
        CREATE TRIGGER evidence_rows_no_truncate BEFORE TRUNCATE ON evidence_rows
            FOR EACH STATEMENT EXECUTE FUNCTION evidence_rows_append_only();
    END IF;
END $$;

-- The administrator running the setup owns the table: a head office whose first sync ran
-- before roles existed may have had its table made by an office's login, and an owner is
-- not bound by the row-level policies below.
DO $$
BEGIN
    IF (SELECT tableowner FROM pg_tables
         WHERE schemaname = current_schema() AND tablename = 'evidence_rows') <> current_user THEN
        EXECUTE format('ALTER TABLE evidence_rows OWNER TO %I', current_user);
    END IF;
END $$;

-- Row-level security: an office's login reads and pushes only rows under its own office
-- name; the group's readers read everything. `frontdesk_witness` and `frontdesk_holds` run
-- as the caller, so under these policies an office's witness reads exactly its own rows:
-- all it needs, and nothing of another office (asked about another office, they see
-- nothing held and say nothing). The table's owner, the administrator, is not bound by
-- them. `(SELECT frontdesk_office())`: evaluated once per statement, not once per row.
ALTER TABLE evidence_rows ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS office_reads_own ON evidence_rows;
CREATE POLICY office_reads_own ON evidence_rows FOR SELECT TO frontdesk_office
    USING (office = (SELECT frontdesk_office()));
DROP POLICY IF EXISTS office_pushes_own ON evidence_rows;
CREATE POLICY office_pushes_own ON evidence_rows FOR INSERT TO frontdesk_office
    WITH CHECK (office = (SELECT frontdesk_office()));
DROP POLICY IF EXISTS group_reads_all ON evidence_rows;
CREATE POLICY group_reads_all ON evidence_rows FOR SELECT TO frontdesk_group
    USING (true);

-- What each role may do, and nothing for anyone else.
REVOKE ALL ON evidence_rows, offices, frontdesk_schema FROM PUBLIC;
GRANT SELECT, INSERT ON evidence_rows TO frontdesk_office;
GRANT SELECT ON frontdesk_schema TO frontdesk_office, frontdesk_group;
GRANT SELECT ON evidence_rows, offices TO frontdesk_group;
DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO frontdesk_office, frontdesk_group',
                   current_schema());
END $$;

-- Every function reads its tables from this schema and never from a caller's temporary
-- table of the same name (pg_temp is otherwise searched first): an office's login could
-- otherwise shadow `offices` or `evidence_rows` and push as another office or past the
-- witness. (CREATE OR REPLACE above dropped the setting: set again on every run.)
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['frontdesk_office()', 'evidence_rows_continue()',
                             'evidence_rows_append_only()',
                             'frontdesk_witness(text, text, bigint, bytea)',
                             'frontdesk_holds(text, text, bigint, bytea)',
                             'frontdesk_refuse(text, text, bigint, bigint, text)'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
        -- The SECURITY DEFINER ones run as their owner: the administrator, as the table.
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, current_user);
    END LOOP;
END $$;
