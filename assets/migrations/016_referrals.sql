-- Issue 17 §3 and §2 (REG-7, REG-8, ATT-14-10): customer and employee referrals, the
-- supervisor's confirmation of an employee referral at the visit, and a supervisor's random
-- redistribution of a leaving salesperson's customers. Evidence: append-only, hash-chained.

-- REG-7: who referred the customer of a visit (an earlier customer), as typed and normalized,
-- the referrer's own registration found by REG-3 and its salesperson, and whether the
-- referral was announced in advance (with its time) or brought naming a salesperson.
CREATE TABLE customer_referrals (
    id                   INTEGER PRIMARY KEY,
    at                   TEXT NOT NULL,
    operator_id          INTEGER NOT NULL REFERENCES staff(id),
    visit_id             INTEGER NOT NULL REFERENCES visits(id),
    referrer_name        TEXT,
    referrer_phone       TEXT,
    referrer_name_norm   TEXT,
    referrer_phone_norm  TEXT,
    -- The referrer's registration found (`id * 4 + kind`, the registers' reference).
    found_ref            INTEGER,
    found_salesperson_id INTEGER REFERENCES staff(id),
    announced_at         TEXT,
    named_salesperson_id INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX customer_referrals_by_visit ON customer_referrals(visit_id);

-- REG-8: an employee referral, registered before the first visit with its appointment day.
CREATE TABLE employee_referrals (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    operator_id    INTEGER NOT NULL REFERENCES staff(id),
    referrer_id    INTEGER NOT NULL REFERENCES staff(id),
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL,
    appointment_on TEXT NOT NULL
) STRICT;
CREATE INDEX employee_referrals_by_day ON employee_referrals(appointment_on);
CREATE INDEX employee_referrals_by_phone ON employee_referrals(phone);

-- REG-8: the project manager (a supervisor) confirmed the referral at the visit.
CREATE TABLE employee_referral_confirmations (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    operator_id   INTEGER NOT NULL REFERENCES staff(id),
    supervisor_id INTEGER NOT NULL REFERENCES staff(id),
    referral_id   INTEGER NOT NULL UNIQUE REFERENCES employee_referrals(id),
    visit_id      INTEGER NOT NULL REFERENCES visits(id)
) STRICT;
CREATE INDEX employee_referral_confirmations_by_visit
    ON employee_referral_confirmations(visit_id);

-- ATT-14-10: one redistribution, with the seed its draw is redone from.
CREATE TABLE redistributions (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    operator_id   INTEGER NOT NULL REFERENCES staff(id),
    supervisor_id INTEGER NOT NULL REFERENCES staff(id),
    leaving_id    INTEGER NOT NULL REFERENCES staff(id),
    seed          INTEGER NOT NULL
) STRICT;

-- One customer moved: the leaving salesperson's registrations of them (`refs`, JSON list of
-- `id * 4 + kind`) and the new owner. `redistribution_refs` finds moves from a registration.
CREATE TABLE redistribution_moves (
    id                INTEGER PRIMARY KEY,
    at                TEXT NOT NULL,
    redistribution_id INTEGER NOT NULL REFERENCES redistributions(id),
    customer          TEXT NOT NULL,
    refs              TEXT NOT NULL CHECK (json_valid(refs)),
    to_id             INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE TABLE redistribution_refs (
    ref     INTEGER NOT NULL,
    move_id INTEGER NOT NULL REFERENCES redistribution_moves(id),
    PRIMARY KEY (ref, move_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER customer_referrals_no_update BEFORE UPDATE ON customer_referrals
BEGIN SELECT RAISE(ABORT, 'customer referrals are append-only'); END;
CREATE TRIGGER customer_referrals_no_delete BEFORE DELETE ON customer_referrals
BEGIN SELECT RAISE(ABORT, 'customer referrals are append-only'); END;
CREATE TRIGGER customer_referrals_no_replace BEFORE INSERT ON customer_referrals
WHEN EXISTS (SELECT 1 FROM customer_referrals WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'customer referrals are append-only'); END;

CREATE TRIGGER employee_referrals_no_update BEFORE UPDATE ON employee_referrals
BEGIN SELECT RAISE(ABORT, 'employee referrals are append-only'); END;
CREATE TRIGGER employee_referrals_no_delete BEFORE DELETE ON employee_referrals
BEGIN SELECT RAISE(ABORT, 'employee referrals are append-only'); END;
CREATE TRIGGER employee_referrals_no_replace BEFORE INSERT ON employee_referrals
WHEN EXISTS (SELECT 1 FROM employee_referrals WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'employee referrals are append-only'); END;

CREATE TRIGGER employee_referral_confirmations_no_update
BEFORE UPDATE ON employee_referral_confirmations
BEGIN SELECT RAISE(ABORT, 'referral confirmations are append-only'); END;
CREATE TRIGGER employee_referral_confirmations_no_delete
BEFORE DELETE ON employee_referral_confirmations
BEGIN SELECT RAISE(ABORT, 'referral confirmations are append-only'); END;
CREATE TRIGGER employee_referral_confirmations_no_replace
BEFORE INSERT ON employee_referral_confirmations
WHEN EXISTS (SELECT 1 FROM employee_referral_confirmations WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'referral confirmations are append-only'); END;

CREATE TRIGGER redistributions_no_update BEFORE UPDATE ON redistributions
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;
CREATE TRIGGER redistributions_no_delete BEFORE DELETE ON redistributions
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;
CREATE TRIGGER redistributions_no_replace BEFORE INSERT ON redistributions
WHEN EXISTS (SELECT 1 FROM redistributions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;

CREATE TRIGGER redistribution_moves_no_update BEFORE UPDATE ON redistribution_moves
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;
CREATE TRIGGER redistribution_moves_no_delete BEFORE DELETE ON redistribution_moves
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;
CREATE TRIGGER redistribution_moves_no_replace BEFORE INSERT ON redistribution_moves
WHEN EXISTS (SELECT 1 FROM redistribution_moves WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;
CREATE TRIGGER redistribution_refs_no_update BEFORE UPDATE ON redistribution_refs
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;
CREATE TRIGGER redistribution_refs_no_delete BEFORE DELETE ON redistribution_refs
BEGIN SELECT RAISE(ABORT, 'redistributions are append-only'); END;
