-- The lobby desk (issue 9 §1, §2; REG-11): the building's directory, and the visitor log
-- with its exits and corrections. Migrations are append-only: never edit this file once
-- released; add a new one.

-- The directory is not evidence: a supervisor edits it (each edit audited). A unit is a
-- building, a unit (empty where the building has none) and a room, stored cleaned and
-- NFKC-folded (`UnitAddress`), so the same room imported twice is one row.
CREATE TABLE lobby_units (
    id       INTEGER PRIMARY KEY,
    building TEXT NOT NULL,
    unit     TEXT NOT NULL DEFAULT '',
    room     TEXT NOT NULL,
    UNIQUE (building, unit, room)
) STRICT;
CREATE INDEX lobby_units_room ON lobby_units(room);

-- Who occupies a unit: a company or a resident. `initials` is the space-separated set of
-- pinyin-initial readings of the name (the picker's search); `phones` the canonical numbers,
-- one a line (never shown in the visitor flow: REG-11). A moved-out occupant is kept
-- (`active = 0`): the lobby log's evidence names it.
CREATE TABLE lobby_occupants (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES lobby_units(id),
    name       TEXT NOT NULL,
    initials   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('company', 'resident')),
    phones     TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX lobby_occupants_unit ON lobby_occupants(unit_id);

-- One visitor in (REG-11: arrival). Whom they visited is kept as it was then (the host's
-- unit and name), beside the directory row, since the directory may change later and the
-- log is evidence. `badge` is folded (`fold_badge`). `at` is the arrival; `recorded_at`
-- when the desk wrote it; both UTC RFC 3339 text.
CREATE TABLE lobby_visits (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    name        TEXT NOT NULL,
    occupant_id INTEGER NOT NULL REFERENCES lobby_occupants(id),
    building    TEXT NOT NULL,
    unit        TEXT NOT NULL,
    room        TEXT NOT NULL,
    host_name   TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    party       INTEGER NOT NULL CHECK (party >= 1),
    badge       TEXT,
    plate       TEXT,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX lobby_visits_at ON lobby_visits(at);

-- One visitor out (REG-11: departure). At most one per visit.
CREATE TABLE lobby_exits (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL UNIQUE REFERENCES lobby_visits(id),
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    recorded_at TEXT NOT NULL
) STRICT;

-- A correction of a visit (REG-4): a new row with a reason; `changes` is a JSON object of
-- the corrected fields (name, purpose, party, badge, plate) with their new values; later
-- corrections of the same visit apply over earlier ones.
CREATE TABLE lobby_corrections (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES lobby_visits(id),
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    reason      TEXT NOT NULL,
    changes     TEXT NOT NULL CHECK (json_valid(changes))
) STRICT;
CREATE INDEX lobby_corrections_visit ON lobby_corrections(visit_id);

-- Append-only, `REPLACE` included (see 003).
CREATE TRIGGER lobby_visits_no_update BEFORE UPDATE ON lobby_visits
BEGIN SELECT RAISE(ABORT, 'the lobby log is append-only'); END;
CREATE TRIGGER lobby_visits_no_delete BEFORE DELETE ON lobby_visits
BEGIN SELECT RAISE(ABORT, 'the lobby log is append-only'); END;
CREATE TRIGGER lobby_visits_no_replace BEFORE INSERT ON lobby_visits
WHEN EXISTS (SELECT 1 FROM lobby_visits WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the lobby log is append-only'); END;
CREATE TRIGGER lobby_exits_no_update BEFORE UPDATE ON lobby_exits
BEGIN SELECT RAISE(ABORT, 'the lobby log is append-only'); END;
CREATE TRIGGER lobby_exits_no_delete BEFORE DELETE ON lobby_exits
BEGIN SELECT RAISE(ABORT, 'the lobby log is append-only'); END;
CREATE TRIGGER lobby_exits_no_replace BEFORE INSERT ON lobby_exits
WHEN EXISTS (SELECT 1 FROM lobby_exits WHERE id = NEW.id OR visit_id = NEW.visit_id)
BEGIN SELECT RAISE(ABORT, 'the lobby log is append-only'); END;
CREATE TRIGGER lobby_corrections_no_update BEFORE UPDATE ON lobby_corrections
BEGIN SELECT RAISE(ABORT, 'lobby corrections are append-only'); END;
CREATE TRIGGER lobby_corrections_no_delete BEFORE DELETE ON lobby_corrections
BEGIN SELECT RAISE(ABORT, 'lobby corrections are append-only'); END;
CREATE TRIGGER lobby_corrections_no_replace BEFORE INSERT ON lobby_corrections
WHEN EXISTS (SELECT 1 FROM lobby_corrections WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'lobby corrections are append-only'); END;

-- Who is inside now: one row per visit without an exit, written with the visit and removed
-- with its exit in the same transaction. Derived data, not evidence (the log above is): it
-- keeps "inside now" and the evacuation list in proportion to the people inside, not to a
-- year of visits, since an append-only visit row cannot carry an "exited" column to index.
-- `badge` is the visit's badge as corrected, for checking out by badge.
CREATE TABLE lobby_inside (
    visit_id INTEGER PRIMARY KEY REFERENCES lobby_visits(id),
    badge    TEXT
) STRICT;
CREATE INDEX lobby_inside_badge ON lobby_inside(badge) WHERE badge IS NOT NULL;
