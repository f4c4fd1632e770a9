-- Issue 20 §6: corrections of the parcel log (REG-4: a new row with a reason, never an edit),
-- as `lobby_corrections` (008) corrects the visitor log. Migrations are append-only: never
-- edit this file once released; add a new one.

-- A correction of a parcel: who corrected it (`operator_id`), when (`at`, UTC RFC 3339
-- text), why (`reason`, required), and what (`changes`, a JSON object). The corrected
-- fields with their new values: `recipient` (an object: occupant_id, building, unit, room,
-- recipient — for whom, as the directory had them when corrected), `carrier`, `tracking`,
-- `shelf`; later corrections of the same parcel apply over earlier ones. A collection
-- recorded by mistake is undone with `collection_undone` (the collection's key: that row
-- stays as evidence) and `continued_as` (the parcel row it waits on as, since a parcel is
-- collected at most once).
CREATE TABLE parcel_corrections (
    id          INTEGER PRIMARY KEY,
    parcel_id   INTEGER NOT NULL REFERENCES parcels(id),
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES staff(id),
    reason      TEXT NOT NULL CHECK (reason <> ''),
    changes     TEXT NOT NULL CHECK (json_valid(changes))
) STRICT;
CREATE INDEX parcel_corrections_parcel ON parcel_corrections(parcel_id);
-- Which parcel row continues an undone collection: the waiting list marks it corrected.
CREATE INDEX parcel_corrections_continued
    ON parcel_corrections(json_extract(changes, '$.continued_as'))
    WHERE json_extract(changes, '$.continued_as') IS NOT NULL;

-- Append-only, `REPLACE` included (see 003).
CREATE TRIGGER parcel_corrections_no_update BEFORE UPDATE ON parcel_corrections
BEGIN SELECT RAISE(ABORT, 'parcel corrections are append-only'); END;
CREATE TRIGGER parcel_corrections_no_delete BEFORE DELETE ON parcel_corrections
BEGIN SELECT RAISE(ABORT, 'parcel corrections are append-only'); END;
CREATE TRIGGER parcel_corrections_no_replace BEFORE INSERT ON parcel_corrections
WHEN EXISTS (SELECT 1 FROM parcel_corrections WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'parcel corrections are append-only'); END;
