-- Each evidence table becomes a hash chain (design: data principles; issue 8 §2), so that an
-- edit made behind the console's back — a row rewritten after dropping a trigger, a
-- `REPLACE`, a row deleted or slipped in — is found by `frontdesk verify`.
-- Migrations are append-only: never edit this file once released; add a new one.

-- One row per evidence row, in the order the rows were appended to their table. The
-- evidence tables themselves are not altered: a table joins the chain by being named in
-- `src/store/chain.rs`, which also documents the exact bytes that are hashed:
--   hash = SHA-256(prev || canonical(table, row_id, the table's columns in a fixed order))
-- `prev` is the hash at `pos - 1` of the same table, 32 zero bytes at `pos = 1`.
-- Rows written before this migration are chained once, by the migration itself, in key
-- order (the genesis), and an audit row `chain_genesis` says how many there were.
CREATE TABLE chain (
    tbl    TEXT NOT NULL,
    pos    INTEGER NOT NULL CHECK (pos > 0),
    row_id INTEGER NOT NULL,
    prev   BLOB NOT NULL CHECK (length(prev) = 32),
    hash   BLOB NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (tbl, pos),
    UNIQUE (tbl, row_id)
) STRICT, WITHOUT ROWID;

-- The chain is evidence too: append-only, `REPLACE` included (see 003).
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
CREATE TRIGGER chain_no_replace BEFORE INSERT ON chain
WHEN EXISTS (SELECT 1 FROM chain WHERE tbl = NEW.tbl AND (pos = NEW.pos OR row_id = NEW.row_id))
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;

-- How far each chain was last found intact, so a console's start checks only what was added
-- since (`Store::verify_since_last`); `frontdesk verify` walks every chain from its start.
-- Bookkeeping, not evidence: it is overwritten as the point moves on.
CREATE TABLE chain_verified (
    tbl         TEXT PRIMARY KEY,
    pos         INTEGER NOT NULL,
    row_id      INTEGER NOT NULL,
    hash        BLOB NOT NULL,
    verified_at TEXT NOT NULL
) STRICT;
