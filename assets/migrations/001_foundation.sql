-- The foundation: office settings, staff, the audit trail and the rotation log.
-- Migrations are append-only: never edit this file once released; add a new one.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role       TEXT NOT NULL CHECK (role IN ('clerk', 'salesperson', 'supervisor')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    pin_hash   TEXT,
    created_at TEXT NOT NULL,
    CHECK (role <> 'supervisor' OR pin_hash IS NOT NULL)
) STRICT;

-- Who did what, when: written in the same transaction as the change it describes.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator_id INTEGER REFERENCES staff(id),
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
) STRICT;

-- The day's rotation events; the queue is replayed from them (design: rotation state).
CREATE TABLE rotation_events (
    id           INTEGER PRIMARY KEY,
    business_day TEXT NOT NULL,
    at           TEXT NOT NULL,
    operator_id  INTEGER NOT NULL REFERENCES staff(id),
    event        TEXT NOT NULL CHECK (json_valid(event))
) STRICT;
CREATE INDEX rotation_events_by_day ON rotation_events (business_day, id);

-- Evidence is never altered or destroyed (REG-4): both logs are append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER rotation_events_no_update BEFORE UPDATE ON rotation_events
BEGIN SELECT RAISE(ABORT, 'rotation events are append-only'); END;
CREATE TRIGGER rotation_events_no_delete BEFORE DELETE ON rotation_events
BEGIN SELECT RAISE(ABORT, 'rotation events are append-only'); END;
