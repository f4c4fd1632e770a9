-- Issue 8 (REG-6): a supervisor's ruling on an ownership conflict — whose customer it is,
-- given the registrations that contested it. Evidence: append-only and hash-chained.
CREATE TABLE ownership_rulings (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    operator_id   INTEGER NOT NULL REFERENCES staff(id),
    supervisor_id INTEGER NOT NULL REFERENCES staff(id),
    owner_id      INTEGER NOT NULL REFERENCES staff(id),
    reason        TEXT NOT NULL,
    -- The registrations it saw, as JSON [["visit", 12], ["call", 3]].
    covers        TEXT NOT NULL CHECK (json_valid(covers))
) STRICT;

-- Which rulings saw a registration (`id * 4 + kind`, the registers' reference), so the
-- ownership check finds them from the registrations it matched. Derived from `covers`.
CREATE TABLE ownership_ruling_refs (
    ref       INTEGER NOT NULL,
    ruling_id INTEGER NOT NULL REFERENCES ownership_rulings(id),
    PRIMARY KEY (ref, ruling_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER ownership_rulings_no_update BEFORE UPDATE ON ownership_rulings
BEGIN SELECT RAISE(ABORT, 'ownership rulings are append-only'); END;
CREATE TRIGGER ownership_rulings_no_delete BEFORE DELETE ON ownership_rulings
BEGIN SELECT RAISE(ABORT, 'ownership rulings are append-only'); END;
CREATE TRIGGER ownership_rulings_no_replace BEFORE INSERT ON ownership_rulings
WHEN EXISTS (SELECT 1 FROM ownership_rulings WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'ownership rulings are append-only'); END;
CREATE TRIGGER ownership_ruling_refs_no_update BEFORE UPDATE ON ownership_ruling_refs
BEGIN SELECT RAISE(ABORT, 'ownership rulings are append-only'); END;
CREATE TRIGGER ownership_ruling_refs_no_delete BEFORE DELETE ON ownership_ruling_refs
BEGIN SELECT RAISE(ABORT, 'ownership rulings are append-only'); END;
