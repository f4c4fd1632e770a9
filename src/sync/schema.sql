-- The head office's copy of every office's evidence chains (issue 19 §3), created by the
-- first `frontdesk sync` when missing. One table for every office and chain: a chain the
-- store declares later joins without a change here.
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

CREATE OR REPLACE FUNCTION evidence_rows_continue() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last_pos  bigint;
    last_link bytea;
BEGIN
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
