-- Issue 20 §6: the lobby's parcels — taken in for a resident or a company, collected, and
-- the ones still waiting. Evidence like the visitor log (008): append-only and hash-chained.
-- Migrations are append-only: never edit this file once released; add a new one.

-- One parcel taken in. For whom is kept as it was then (the occupant's unit and name),
-- beside the directory row, since the directory may change later and the log is evidence.
-- `tracking` is the tracking number's last characters (at most 6, folded), '' when none
-- could be read; `shelf` where it is stored, '' when not said. `at` when it was taken in;
-- `recorded_at` when the desk wrote it; both UTC RFC 3339 text.
CREATE TABLE parcels (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    carrier     TEXT NOT NULL CHECK (carrier <> ''),
    tracking    TEXT NOT NULL DEFAULT '',
    occupant_id INTEGER NOT NULL REFERENCES lobby_occupants(id),
    building    TEXT NOT NULL,
    unit        TEXT NOT NULL,
    room        TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    shelf       TEXT NOT NULL DEFAULT '',
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX parcels_occupant ON parcels(occupant_id);

-- One parcel collected: by whom (the name the collector gave), when, and which clerk handed
-- it over. At most one per parcel.
CREATE TABLE parcel_collections (
    id           INTEGER PRIMARY KEY,
    parcel_id    INTEGER NOT NULL UNIQUE REFERENCES parcels(id),
    at           TEXT NOT NULL,
    collected_by TEXT NOT NULL CHECK (collected_by <> ''),
    operator_id  INTEGER NOT NULL REFERENCES staff(id),
    recorded_at  TEXT NOT NULL
) STRICT;

-- Append-only, `REPLACE` included (see 003).
CREATE TRIGGER parcels_no_update BEFORE UPDATE ON parcels
BEGIN SELECT RAISE(ABORT, 'the parcel log is append-only'); END;
CREATE TRIGGER parcels_no_delete BEFORE DELETE ON parcels
BEGIN SELECT RAISE(ABORT, 'the parcel log is append-only'); END;
CREATE TRIGGER parcels_no_replace BEFORE INSERT ON parcels
WHEN EXISTS (SELECT 1 FROM parcels WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the parcel log is append-only'); END;
CREATE TRIGGER parcel_collections_no_update BEFORE UPDATE ON parcel_collections
BEGIN SELECT RAISE(ABORT, 'the parcel log is append-only'); END;
CREATE TRIGGER parcel_collections_no_delete BEFORE DELETE ON parcel_collections
BEGIN SELECT RAISE(ABORT, 'the parcel log is append-only'); END;
CREATE TRIGGER parcel_collections_no_replace BEFORE INSERT ON parcel_collections
WHEN EXISTS (SELECT 1 FROM parcel_collections WHERE id = NEW.id OR parcel_id = NEW.parcel_id)
BEGIN SELECT RAISE(ABORT, 'the parcel log is append-only'); END;

-- The parcels still waiting: one row per parcel without a collection, written with the
-- parcel and removed with its collection in the same transaction. Derived data, not
-- evidence (as `lobby_inside`): the waiting list and the handover's items read the few
-- waiting, not a year of parcels.
CREATE TABLE parcels_waiting (
    parcel_id INTEGER PRIMARY KEY REFERENCES parcels(id)
) STRICT;
