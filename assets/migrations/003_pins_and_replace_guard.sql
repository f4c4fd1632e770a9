-- PINs for everyone with a lockout shared by every desk, the door `REPLACE` left open in the
-- append-only logs, and a supervisor's way past a rotation row that cannot be read.
-- Migrations are append-only: never edit this file once released; add a new one.

-- `REPLACE INTO` / `INSERT OR REPLACE` deletes the row it collides with without firing
-- DELETE triggers (unless recursive_triggers is on), so the no-delete triggers never see it.
-- An insert that names an id already present is refused before any conflict resolution.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER rotation_events_no_replace BEFORE INSERT ON rotation_events
WHEN EXISTS (SELECT 1 FROM rotation_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'rotation events are append-only'); END;

-- Whose PIN an audit row is about (a failed PIN, a PIN set), beside who was signed in.
ALTER TABLE audit ADD COLUMN subject_id INTEGER REFERENCES staff(id);

-- Wrong PINs in a row, per person, for every desk: the lockout grows with them and a right
-- PIN (or a supervisor setting a new one) clears the row. State, not evidence: each failure
-- is also an audit row, which is the evidence.
CREATE TABLE pin_failures (
    staff_id     INTEGER PRIMARY KEY REFERENCES staff(id),
    failures     INTEGER NOT NULL CHECK (failures > 0),
    last_failure TEXT NOT NULL
) STRICT;

-- A rotation row that cannot be read (its event no longer parses) stops the day's replay
-- there. A supervisor sets it aside with a reason: a new row pointing at the original, which
-- stays as it is (REG-4). Replay skips set-aside rows. Append-only like the log itself.
CREATE TABLE rotation_set_aside (
    event_id    INTEGER PRIMARY KEY REFERENCES rotation_events(id),
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    approver_id INTEGER NOT NULL REFERENCES staff(id),
    reason      TEXT NOT NULL
) STRICT;
CREATE TRIGGER rotation_set_aside_no_update BEFORE UPDATE ON rotation_set_aside
BEGIN SELECT RAISE(ABORT, 'rotation set-asides are append-only'); END;
CREATE TRIGGER rotation_set_aside_no_delete BEFORE DELETE ON rotation_set_aside
BEGIN SELECT RAISE(ABORT, 'rotation set-asides are append-only'); END;
CREATE TRIGGER rotation_set_aside_no_replace BEFORE INSERT ON rotation_set_aside
WHEN EXISTS (SELECT 1 FROM rotation_set_aside WHERE event_id = NEW.event_id)
BEGIN SELECT RAISE(ABORT, 'rotation set-asides are append-only'); END;
