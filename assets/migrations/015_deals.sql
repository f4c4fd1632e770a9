-- Issue 17: deals (成交) and what happens to them after (ATT preamble; 004 §17–§21).
-- Evidence: append-only and hash-chained like every register (REG-4). Migrations are
-- append-only: never edit this file once released; add a new one.

-- One deal as recorded: the deposit paid and the subscription signed. `signed_at` UTC text;
-- `deal_on` the office's date of signing (YYYY-MM-DD), the month its commission falls in;
-- `unit_key` the unit folded for "sold twice" (`Unit::key`); `buyers` as on the
-- subscription, `buyer_full_name`/`buyer_surname` the first buyer folded as the registers
-- fold names (REG-3), `phone` canonical digits; amounts in fen. `grew_from` the visits and
-- calls the deal grew from, as JSON [["visit", 12], ["call", 3]]. `replaces_id`: a change of
-- unit (换房) is a cancellation and a new deal that keeps the attribution of this one.
CREATE TABLE deals (
    id              INTEGER PRIMARY KEY,
    recorded_at     TEXT NOT NULL,
    signed_at       TEXT NOT NULL,
    deal_on         TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('customer', 'group_purchase', 'company')),
    building        TEXT NOT NULL,
    room            TEXT NOT NULL,
    unit_key        TEXT NOT NULL,
    buyers          TEXT NOT NULL,
    buyer_full_name TEXT,
    buyer_surname   TEXT NOT NULL,
    phone           TEXT,
    deposit_fen     INTEGER NOT NULL CHECK (deposit_fen > 0),
    price_fen       INTEGER CHECK (price_fen IS NULL OR price_fen >= deposit_fen),
    closer_id       INTEGER NOT NULL REFERENCES staff(id),
    grew_from       TEXT NOT NULL CHECK (json_valid(grew_from)),
    replaces_id     INTEGER REFERENCES deals(id),
    operator_id     INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

-- Everything after: the console's proposal (rule, reason, shares, the answers it was given
-- and the policy in force, in `detail`), a supervisor's confirmation, change or written
-- ruling (shares and reason), a cancellation (reason, approved by), a correction of names or
-- unit (`detail` the changes). `shares` JSON [{"party": "salesperson", "staff": 3,
-- "bp": 8000}, {"party": "pool", "bp": 2000}], basis points summing to 10000.
CREATE TABLE deal_events (
    id            INTEGER PRIMARY KEY,
    deal_id       INTEGER NOT NULL REFERENCES deals(id),
    at            TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN
                      ('proposed', 'confirmed', 'changed', 'ruled', 'cancelled', 'corrected')),
    operator_id   INTEGER NOT NULL REFERENCES staff(id),
    supervisor_id INTEGER REFERENCES staff(id),
    rule          TEXT,
    reason        TEXT,
    shares        TEXT CHECK (shares IS NULL OR json_valid(shares)),
    detail        TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;

CREATE INDEX deals_unit ON deals(unit_key);
CREATE INDEX deals_on ON deals(deal_on);
CREATE INDEX deals_phone ON deals(phone);
CREATE INDEX deals_full_name ON deals(buyer_full_name);
CREATE INDEX deal_events_deal ON deal_events(deal_id, id);
CREATE INDEX deal_events_kind_at ON deal_events(kind, at);

CREATE TRIGGER deals_no_update BEFORE UPDATE ON deals
BEGIN SELECT RAISE(ABORT, 'the deal register is append-only'); END;
CREATE TRIGGER deals_no_delete BEFORE DELETE ON deals
BEGIN SELECT RAISE(ABORT, 'the deal register is append-only'); END;
CREATE TRIGGER deals_no_replace BEFORE INSERT ON deals
WHEN EXISTS (SELECT 1 FROM deals WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the deal register is append-only'); END;
CREATE TRIGGER deal_events_no_update BEFORE UPDATE ON deal_events
BEGIN SELECT RAISE(ABORT, 'deal events are append-only'); END;
CREATE TRIGGER deal_events_no_delete BEFORE DELETE ON deal_events
BEGIN SELECT RAISE(ABORT, 'deal events are append-only'); END;
CREATE TRIGGER deal_events_no_replace BEFORE INSERT ON deal_events
WHEN EXISTS (SELECT 1 FROM deal_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'deal events are append-only'); END;
