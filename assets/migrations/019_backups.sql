-- The backups the console and `frontdesk backup` wrote, and the ones that could not be
-- written (issue 19): bookkeeping, as chain_verified is, not evidence. It is not chained on
-- purpose: a backup's own record written after the copy must not make the copy look older
-- than the file it was taken from. The day's review reads the last good one from here, and a
-- last one that failed is the warning every supervisor sees.
CREATE TABLE backups (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    path   TEXT NOT NULL,
    ok     INTEGER NOT NULL CHECK (ok IN (0, 1)),
    -- What was checked (rows, the audit head), or why it could not be written.
    detail TEXT NOT NULL
) STRICT;
