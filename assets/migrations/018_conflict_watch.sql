-- Issue 18: the registrations whose customer is in an ownership conflict (REG-6), or may
-- have become so since, kept by the writes that can open one (a visit or call registered,
-- a registration corrected, an import, the office's policy changed). The handover's open
-- items check these few customers again (time and rulings only settle a conflict) instead
-- of one ownership check per registration since yesterday. Derived, like `open_work`: not
-- evidence, not chained; rows older than the handover's window are dropped by the writes.
-- Filled for an existing file by the migration's hook (`register::watch_recent`).
CREATE TABLE conflict_watch (
    register        TEXT NOT NULL CHECK (register IN ('visit', 'call')),
    registration_id INTEGER NOT NULL,
    -- The registration's time as registered: the handover reads those since yesterday.
    at              TEXT NOT NULL,
    PRIMARY KEY (register, registration_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conflict_watch_by_time ON conflict_watch(register, at, registration_id);
