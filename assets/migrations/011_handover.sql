-- The shift handover (issue 10; HND-1 … HND-8): the shift log, the handovers and their
-- steps, the supervisor's daily sign-offs, and the desk left unstaffed. All evidence:
-- append-only and hash-chained. Migrations are append-only: never edit this file once
-- released; add a new one.

-- One entry of the shift log (HND-1), by whoever was at the desk. `tags` is a JSON array of
-- text. A correction is a new row naming the original in `corrects`, with its `reason`.
-- `day` is the office date it was written on (for the day's review).
CREATE TABLE shift_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    priority    TEXT NOT NULL CHECK (priority IN ('normal', 'important', 'urgent')),
    tags        TEXT NOT NULL CHECK (json_valid(tags)),
    text        TEXT NOT NULL,
    corrects    INTEGER REFERENCES shift_log(id),
    reason      TEXT,
    CHECK ((corrects IS NULL) = (reason IS NULL))
) STRICT;
CREATE INDEX shift_log_at ON shift_log(at);
CREATE INDEX shift_log_by ON shift_log(operator_id, id);

-- One handover as the outgoing clerk submitted and signed it with their PIN (HND-6).
-- `shift` is the shift it hands over (by name, as the office's settings then said), `log`
-- the JSON array of shift-log ids it covers (`log_to` the newest), `items` the open items as
-- they stood (JSON `HandoverItem`s), `checklist` the checks (JSON `CheckedItem`s). `day` is
-- the office date it was submitted on: the day whose review lists it.
CREATE TABLE handovers (
    id           INTEGER PRIMARY KEY,
    submitted_at TEXT NOT NULL,
    day          TEXT NOT NULL,
    outgoing_id  INTEGER NOT NULL REFERENCES staff(id),
    shift        TEXT,
    log          TEXT NOT NULL CHECK (json_valid(log)),
    log_to       INTEGER,
    items        TEXT NOT NULL CHECK (json_valid(items)),
    checklist    TEXT NOT NULL CHECK (json_valid(checklist))
) STRICT;
CREATE INDEX handovers_day ON handovers(day, id);

-- One later step of a handover: `event` is the `HandoverEvent` JSON; `by_id` who took it
-- (the incoming reads at the outgoing's desk, so it may differ from `operator_id`, who was
-- signed in there); `kind` repeats the JSON's for the queries.
CREATE TABLE handover_events (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id),
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    by_id       INTEGER NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL
        CHECK (kind IN ('read', 'ask', 'answer', 'accept', 'refuse')),
    event       TEXT NOT NULL CHECK (json_valid(event))
) STRICT;
CREATE INDEX handover_events_handover ON handover_events(handover_id, id);
CREATE INDEX handover_events_kind ON handover_events(kind, by_id, at);

-- The supervisor's signature on one office day (HND-6): the day's figures (JSON
-- `DayFigures`) and the evidence chains' heads as reviewed (JSON `SealedHead`s), so the
-- signature also seals what the registers held. One per day.
CREATE TABLE day_signoffs (
    id            INTEGER PRIMARY KEY,
    day           TEXT NOT NULL UNIQUE,
    at            TEXT NOT NULL,
    operator_id   INTEGER NOT NULL REFERENCES staff(id),
    supervisor_id INTEGER NOT NULL REFERENCES staff(id),
    remarks       TEXT NOT NULL,
    figures       TEXT NOT NULL CHECK (json_valid(figures)),
    heads         TEXT NOT NULL CHECK (json_valid(heads))
) STRICT;

-- A clerk signed out on duty without a handover, with a supervisor's PIN (HND-7): the desk
-- was left unstaffed. `clerk_id` is who left.
CREATE TABLE desk_unstaffed (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    day           TEXT NOT NULL,
    clerk_id      INTEGER NOT NULL REFERENCES staff(id),
    supervisor_id INTEGER NOT NULL REFERENCES staff(id),
    reason        TEXT NOT NULL
) STRICT;
CREATE INDEX desk_unstaffed_clerk ON desk_unstaffed(clerk_id, id);
CREATE INDEX desk_unstaffed_day ON desk_unstaffed(day);

-- Append-only, `REPLACE` included (see 003).
CREATE TRIGGER shift_log_no_update BEFORE UPDATE ON shift_log
BEGIN SELECT RAISE(ABORT, 'the shift log is append-only'); END;
CREATE TRIGGER shift_log_no_delete BEFORE DELETE ON shift_log
BEGIN SELECT RAISE(ABORT, 'the shift log is append-only'); END;
CREATE TRIGGER shift_log_no_replace BEFORE INSERT ON shift_log
WHEN EXISTS (SELECT 1 FROM shift_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the shift log is append-only'); END;
CREATE TRIGGER handovers_no_update BEFORE UPDATE ON handovers
BEGIN SELECT RAISE(ABORT, 'handovers are append-only'); END;
CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'handovers are append-only'); END;
CREATE TRIGGER handovers_no_replace BEFORE INSERT ON handovers
WHEN EXISTS (SELECT 1 FROM handovers WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'handovers are append-only'); END;
CREATE TRIGGER handover_events_no_update BEFORE UPDATE ON handover_events
BEGIN SELECT RAISE(ABORT, 'handover steps are append-only'); END;
CREATE TRIGGER handover_events_no_delete BEFORE DELETE ON handover_events
BEGIN SELECT RAISE(ABORT, 'handover steps are append-only'); END;
CREATE TRIGGER handover_events_no_replace BEFORE INSERT ON handover_events
WHEN EXISTS (SELECT 1 FROM handover_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'handover steps are append-only'); END;
CREATE TRIGGER day_signoffs_no_update BEFORE UPDATE ON day_signoffs
BEGIN SELECT RAISE(ABORT, 'day sign-offs are append-only'); END;
CREATE TRIGGER day_signoffs_no_delete BEFORE DELETE ON day_signoffs
BEGIN SELECT RAISE(ABORT, 'day sign-offs are append-only'); END;
CREATE TRIGGER day_signoffs_no_replace BEFORE INSERT ON day_signoffs
WHEN EXISTS (SELECT 1 FROM day_signoffs WHERE id = NEW.id OR day = NEW.day)
BEGIN SELECT RAISE(ABORT, 'day sign-offs are append-only'); END;
CREATE TRIGGER desk_unstaffed_no_update BEFORE UPDATE ON desk_unstaffed
BEGIN SELECT RAISE(ABORT, 'the unstaffed desk record is append-only'); END;
CREATE TRIGGER desk_unstaffed_no_delete BEFORE DELETE ON desk_unstaffed
BEGIN SELECT RAISE(ABORT, 'the unstaffed desk record is append-only'); END;
CREATE TRIGGER desk_unstaffed_no_replace BEFORE INSERT ON desk_unstaffed
WHEN EXISTS (SELECT 1 FROM desk_unstaffed WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the unstaffed desk record is append-only'); END;
