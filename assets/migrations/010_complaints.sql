-- Complaints and repairs (issue 9 §3–5; CMP-1 … CMP-12): the complaint record and its
-- steps, repair work orders and theirs (append-only, hash-chained evidence), the office's
-- working-day overrides, its own service phrases, and the phrase-use counter. Migrations
-- are append-only: never edit this file once released; add a new one.

-- One complaint as taken at the desk (CMP-1, CMP-12). `operator_id` is the clerk who took
-- it and owns it (谁受理、谁跟进、谁回复). `unit` is as typed, or the directory occupant's
-- unit when none was typed. `phone` is canonical (`Phone`). `conversation` is a JSON array
-- of the phrases said and notes. `due` is the office date the first deadline fell on when
-- it was recorded (CMP-5; later rounds store theirs on the reply row).
CREATE TABLE complaints (
    id               INTEGER PRIMARY KEY,
    recorded_at      TEXT NOT NULL,
    operator_id      INTEGER NOT NULL REFERENCES staff(id),
    complainant      TEXT NOT NULL,
    company          TEXT NOT NULL,
    occupant_id      INTEGER REFERENCES lobby_occupants(id),
    unit             TEXT NOT NULL,
    phone            TEXT NOT NULL,
    what_happened    TEXT NOT NULL,
    when_happened    TEXT NOT NULL,
    channel          TEXT NOT NULL
        CHECK (channel IN ('in_person', 'phone', 'letter', 'online', 'through_someone')),
    about_staff      INTEGER NOT NULL CHECK (about_staff IN (0, 1)),
    witnesses        TEXT NOT NULL,
    evidence         TEXT NOT NULL,
    answered_on_spot INTEGER NOT NULL CHECK (answered_on_spot IN (0, 1)),
    category         TEXT,
    conversation     TEXT NOT NULL CHECK (json_valid(conversation)),
    due              TEXT NOT NULL
) STRICT;
CREATE INDEX complaints_recorded_at ON complaints(recorded_at);

-- One step of a complaint (CMP-7): `event` is the `ComplaintEvent` JSON; `kind`, and for
-- the statistics' SQL (CMP-11) `nature`/`category` (determine_nature), `satisfied`
-- (follow_up), `due` and `on_time` (reply: the round's due date as it stood, and whether the
-- reply was made by it) repeat what the JSON and the replay say. `approver_id`: the
-- supervisor who approved an extension. `round` counts from 1 (CMP-8).
CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    at           TEXT NOT NULL,
    operator_id  INTEGER NOT NULL REFERENCES staff(id),
    approver_id  INTEGER REFERENCES staff(id),
    round        INTEGER NOT NULL CHECK (round >= 1),
    kind         TEXT NOT NULL,
    event        TEXT NOT NULL CHECK (json_valid(event)),
    nature       TEXT,
    category     TEXT,
    satisfied    INTEGER CHECK (satisfied IN (0, 1)),
    due          TEXT,
    on_time      INTEGER CHECK (on_time IN (0, 1))
) STRICT;
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, id);
CREATE INDEX complaint_events_kind_at ON complaint_events(kind, at);

-- One repair work order (CMP-6): `on_site_by` is the urgency clock as computed when it was
-- reported (10 or 15 minutes, or the office's closing hour).
CREATE TABLE repair_orders (
    id          INTEGER PRIMARY KEY,
    reported_at TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    customer    TEXT NOT NULL,
    phone       TEXT NOT NULL,
    occupant_id INTEGER REFERENCES lobby_occupants(id),
    unit        TEXT NOT NULL,
    what        TEXT NOT NULL,
    appointment TEXT NOT NULL,
    urgency     TEXT NOT NULL CHECK (urgency IN ('extra_urgent', 'urgent', 'normal')),
    on_site_by  TEXT NOT NULL
) STRICT;
CREATE INDEX repair_orders_reported_at ON repair_orders(reported_at);

-- One step of a work order: `event` is the `RepairEvent` JSON.
CREATE TABLE repair_events (
    id          INTEGER PRIMARY KEY,
    repair_id   INTEGER NOT NULL REFERENCES repair_orders(id),
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    round       INTEGER NOT NULL CHECK (round >= 1),
    kind        TEXT NOT NULL,
    event       TEXT NOT NULL CHECK (json_valid(event))
) STRICT;
CREATE INDEX repair_events_repair ON repair_events(repair_id, id);

-- Append-only, `REPLACE` included (see 003).
CREATE TRIGGER complaints_no_update BEFORE UPDATE ON complaints
BEGIN SELECT RAISE(ABORT, 'complaints are append-only'); END;
CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints
BEGIN SELECT RAISE(ABORT, 'complaints are append-only'); END;
CREATE TRIGGER complaints_no_replace BEFORE INSERT ON complaints
WHEN EXISTS (SELECT 1 FROM complaints WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'complaints are append-only'); END;
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'complaint steps are append-only'); END;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'complaint steps are append-only'); END;
CREATE TRIGGER complaint_events_no_replace BEFORE INSERT ON complaint_events
WHEN EXISTS (SELECT 1 FROM complaint_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'complaint steps are append-only'); END;
CREATE TRIGGER repair_orders_no_update BEFORE UPDATE ON repair_orders
BEGIN SELECT RAISE(ABORT, 'repair orders are append-only'); END;
CREATE TRIGGER repair_orders_no_delete BEFORE DELETE ON repair_orders
BEGIN SELECT RAISE(ABORT, 'repair orders are append-only'); END;
CREATE TRIGGER repair_orders_no_replace BEFORE INSERT ON repair_orders
WHEN EXISTS (SELECT 1 FROM repair_orders WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'repair orders are append-only'); END;
CREATE TRIGGER repair_events_no_update BEFORE UPDATE ON repair_events
BEGIN SELECT RAISE(ABORT, 'repair steps are append-only'); END;
CREATE TRIGGER repair_events_no_delete BEFORE DELETE ON repair_events
BEGIN SELECT RAISE(ABORT, 'repair steps are append-only'); END;
CREATE TRIGGER repair_events_no_replace BEFORE INSERT ON repair_events
WHEN EXISTS (SELECT 1 FROM repair_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'repair steps are append-only'); END;

-- What is open now: one row per open complaint or work order, written with it and with
-- each step in the same transaction, removed when it closes. Derived data, not evidence
-- (like `lobby_inside`): the desk's list of open work and follow-ups reads it, so it costs
-- in proportion to the open items, not to years of complaints. `due_at` is the instant it
-- is due (a complaint: the end of its due date; a repair: on site by), NULL when nothing is
-- due (replied, awaiting follow-up or evaluation; a repair with someone on site); `due`
-- the complaint's due date; `step`/`next` the keys of where it stands.
CREATE TABLE open_work (
    kind    TEXT NOT NULL CHECK (kind IN ('complaint', 'repair')),
    item_id INTEGER NOT NULL,
    due_at  TEXT,
    due     TEXT,
    step    TEXT NOT NULL,
    next    TEXT,
    PRIMARY KEY (kind, item_id)
) STRICT;

-- The office's working-day overrides (CMP-5): a date declared working (1) or not (0) by a
-- supervisor, over the State Council's calendar. Not evidence; each change is audited.
CREATE TABLE calendar_overrides (
    day         TEXT PRIMARY KEY,
    working     INTEGER NOT NULL CHECK (working IN (0, 1)),
    set_at      TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    approver_id INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

-- Service phrases an office adds to the shipped library (CMP-3), by a supervisor; audited.
-- Their phrase id is `office_<id>`.
CREATE TABLE office_phrases (
    id          INTEGER PRIMARY KEY,
    step        TEXT NOT NULL,
    zh          TEXT NOT NULL,
    en          TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    approver_id INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

-- How often each phrase was used (shipped or the office's), to offer the common ones
-- first. A plain counter, not evidence.
CREATE TABLE phrase_uses (
    phrase_id TEXT PRIMARY KEY,
    uses      INTEGER NOT NULL DEFAULT 0
) STRICT;
