-- What the console's background push to the head office found (issue 19 §3): bookkeeping,
-- derived from the head office's answers, not evidence — as `backups` is, and for the same
-- reason it is not chained: noting a push must not itself leave a row waiting to be pushed.
-- Every desk on the file reads it: the day's review counts what is not yet pushed, and a
-- refusal stays here, every supervisor's warning, until a later push succeeds.

-- Per chain, the last position the head office confirmed holding for this office.
CREATE TABLE head_office_chains (
    chain     TEXT PRIMARY KEY,
    confirmed INTEGER NOT NULL CHECK (confirmed >= 0)
) STRICT;

-- The pushes as they stand: one row (id 1), made on the first push.
CREATE TABLE head_office_push (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    -- When a push was last tried, and last succeeded (RFC 3339 UTC).
    tried_at       TEXT NOT NULL,
    pushed_at      TEXT,
    -- The last failure since the last success: what kind, in the system's own words, when.
    failed_at      TEXT,
    failure_kind   TEXT CHECK (failure_kind IN ('connect', 'head_office', 'refused', 'store')),
    failure_text   TEXT,
    -- The head office's refusal, kept until a push succeeds: the office, chain and row named.
    refused_at     TEXT,
    refused_office TEXT,
    refused_chain  TEXT,
    refused_pos    INTEGER,
    refused_row    INTEGER,
    refused_why    TEXT
) STRICT;
