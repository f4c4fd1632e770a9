-- The visitor register (REG-1), the phone register (REG-2) and their corrections (REG-4), with
-- what the ownership check (REG-3) and the search as you type need (issue 8 §1, §4).
-- Migrations are append-only: never edit this file once released; add a new one.

-- One visit as registered. The identity columns are stored normalized beside the name as
-- typed, so REG-3's comparisons are index lookups: `phone` is the canonical digits
-- (`Phone::as_str`), `phone_last4` its last four; `surname` and `full_name` are folded
-- (`CustomerName::surname/full`; `full_name` NULL when only a surname was given, which REG-3
-- never matches on); `initials` the space-separated set of pinyin-initial readings.
-- `at` is the visit time; `recorded_at` when the desk wrote it; both UTC RFC 3339 text.
CREATE TABLE visits (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    name           TEXT,
    surname        TEXT,
    full_name      TEXT,
    initials       TEXT,
    phone          TEXT,
    phone_last4    TEXT,
    work_unit      TEXT,
    intent         TEXT,
    source         TEXT,
    salesperson_id INTEGER NOT NULL REFERENCES staff(id),
    car_brand      TEXT,
    plate          TEXT,
    party          TEXT,
    class          TEXT CHECK (class IN ('A', 'B', 'C')),
    notes          TEXT,
    reception_seq  INTEGER REFERENCES rotation_events(id),
    operator_id    INTEGER NOT NULL REFERENCES staff(id),
    recorded_at    TEXT NOT NULL
) STRICT;

-- One phone inquiry. Same column names as `visits` where the meaning is the same:
-- `name` is the caller, `salesperson_id` who answered (REG-9 decides whether it is evidence).
CREATE TABLE calls (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    name           TEXT,
    surname        TEXT,
    full_name      TEXT,
    initials       TEXT,
    phone          TEXT,
    phone_last4    TEXT,
    question       TEXT,
    salesperson_id INTEGER NOT NULL REFERENCES staff(id),
    intent         TEXT,
    source         TEXT,
    operator_id    INTEGER NOT NULL REFERENCES staff(id),
    recorded_at    TEXT NOT NULL
) STRICT;

-- A correction (REG-4): a new row pointing at the original, never an edit of it. `changes`
-- is a JSON object of the stored columns it changes, with their new values; later
-- corrections of the same row apply over earlier ones. The identity columns hold the record's
-- whole identity as corrected, so the ownership lookup finds a record by its corrected phone,
-- name or plate too.
CREATE TABLE register_corrections (
    id          INTEGER PRIMARY KEY,
    register    TEXT NOT NULL CHECK (register IN ('visit', 'call')),
    target_id   INTEGER NOT NULL,
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    reason      TEXT NOT NULL,
    changes     TEXT NOT NULL CHECK (json_valid(changes)),
    surname     TEXT,
    full_name   TEXT,
    phone       TEXT,
    phone_last4 TEXT,
    plate       TEXT
) STRICT;

CREATE TRIGGER register_corrections_target BEFORE INSERT ON register_corrections
WHEN (NEW.register = 'visit' AND NOT EXISTS (SELECT 1 FROM visits WHERE id = NEW.target_id))
  OR (NEW.register = 'call' AND NOT EXISTS (SELECT 1 FROM calls WHERE id = NEW.target_id))
BEGIN SELECT RAISE(ABORT, 'a correction must point at a registration'); END;

-- Append-only, `REPLACE` included (see 003).
CREATE TRIGGER visits_no_update BEFORE UPDATE ON visits
BEGIN SELECT RAISE(ABORT, 'the visitor register is append-only'); END;
CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits
BEGIN SELECT RAISE(ABORT, 'the visitor register is append-only'); END;
CREATE TRIGGER visits_no_replace BEFORE INSERT ON visits
WHEN EXISTS (SELECT 1 FROM visits WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the visitor register is append-only'); END;
CREATE TRIGGER calls_no_update BEFORE UPDATE ON calls
BEGIN SELECT RAISE(ABORT, 'the phone register is append-only'); END;
CREATE TRIGGER calls_no_delete BEFORE DELETE ON calls
BEGIN SELECT RAISE(ABORT, 'the phone register is append-only'); END;
CREATE TRIGGER calls_no_replace BEFORE INSERT ON calls
WHEN EXISTS (SELECT 1 FROM calls WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the phone register is append-only'); END;
CREATE TRIGGER register_corrections_no_update BEFORE UPDATE ON register_corrections
BEGIN SELECT RAISE(ABORT, 'register corrections are append-only'); END;
CREATE TRIGGER register_corrections_no_delete BEFORE DELETE ON register_corrections
BEGIN SELECT RAISE(ABORT, 'register corrections are append-only'); END;
CREATE TRIGGER register_corrections_no_replace BEFORE INSERT ON register_corrections
WHEN EXISTS (SELECT 1 FROM register_corrections WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'register corrections are append-only'); END;

-- The ownership lookup (REG-3 and near misses): equal phone, full name, plate; the last four
-- digits (same surname + last four, and a one-digit slip in the digits before them); the
-- number's head as a range on `phone` (a one-digit slip in the last four).
CREATE INDEX visits_phone ON visits(phone);
CREATE INDEX visits_phone_last4 ON visits(phone_last4);
CREATE INDEX visits_full_name ON visits(full_name);
CREATE INDEX visits_plate ON visits(plate);
CREATE INDEX visits_at ON visits(at);
CREATE INDEX calls_phone ON calls(phone);
CREATE INDEX calls_phone_last4 ON calls(phone_last4);
CREATE INDEX calls_full_name ON calls(full_name);
CREATE INDEX calls_at ON calls(at);
CREATE INDEX register_corrections_target ON register_corrections(register, target_id);
CREATE INDEX register_corrections_phone ON register_corrections(phone);
CREATE INDEX register_corrections_phone_last4 ON register_corrections(phone_last4);
CREATE INDEX register_corrections_full_name ON register_corrections(full_name);
CREATE INDEX register_corrections_plate ON register_corrections(plate);

-- Search, 3+ characters: a contentless FTS5 trigram index over name, phone and plate (the
-- rows hold the text; the index only their trigrams). Its rowid is a reference:
-- `id * 4 + 0` a visit, `id * 4 + 1` a call, `id * 4 + 2` a correction (its corrected
-- name, phone and plate), so a record is found by any value it has had. Derived data,
-- written on insert only (nothing it indexes is ever updated or deleted).
CREATE VIRTUAL TABLE register_fts USING fts5(
    name, phone, plate, content = '', tokenize = 'trigram'
);

-- Search, 1–2 Chinese characters and pinyin initials: every single Han character and every
-- adjacent pair of a name, and `#` + each initials reading, with the record's time (unix
-- seconds) and its reference (`id * 4 + 0` visit, `+ 1` call; a correction's new name adds
-- rows for the record it corrects). Keyed so that one gram's rows come newest first from the
-- index alone. Derived data, insert only.
CREATE TABLE register_grams (
    gram TEXT NOT NULL,
    at   INTEGER NOT NULL,
    ref  INTEGER NOT NULL,
    PRIMARY KEY (gram, at, ref)
) STRICT, WITHOUT ROWID;

-- 004's guard against `REPLACE` on the chain read `tbl = ? AND (pos = ? OR row_id = ?)`,
-- which SQLite answers by scanning the whole of that table's chain: every append cost time
-- in proportion to the chain's length (a million-row register made each registration scan a
-- million links). The same guard, as two index lookups.
DROP TRIGGER chain_no_replace;
CREATE TRIGGER chain_no_replace BEFORE INSERT ON chain
WHEN EXISTS (SELECT 1 FROM chain WHERE tbl = NEW.tbl AND pos = NEW.pos)
  OR EXISTS (SELECT 1 FROM chain WHERE tbl = NEW.tbl AND row_id = NEW.row_id)
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
