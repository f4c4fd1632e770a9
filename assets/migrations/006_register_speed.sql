-- The registers at a million rows (issue 8 §4): search and the ownership lookup answered
-- from the indexes in time order, so a page stops at its last row instead of sorting every
-- hit. Migrations are append-only: never edit this file once released; add a new one.

-- Search, 3+ characters, newest first. 005's trigram table keyed its rows by record, so a
-- query had to find every hit (a last four digits or a plate fragment hits a thousand rows
-- and more at a million) and sort them by time before the first page. This one keys them by
-- time: rowid = (the record's time as registered, unix seconds) * 2^30 + reference, the
-- reference as in 005 (`id * 4 + 0` a visit, `+ 1` a call, `+ 2` a correction's new name,
-- phone and plate), so `ORDER BY rowid DESC` walks the hits newest first and the first page
-- is read from the index alone (`register::text_rowid`). No column sizes: nothing ranks.
-- Filled from the registers by this migration's hook (`register::backfill_text`), which
-- writes exactly what a new registration writes.
DROP TABLE register_fts;
CREATE VIRTUAL TABLE register_text USING fts5(
    name, phone, plate, content = '', columnsize = 0, tokenize = 'trigram'
);

-- The ownership lookup's equalities, with the time beside the key: the lookup sorts what it
-- found newest first from the indexes alone, and reads whole rows only for the registrations
-- that can decide the verdict (`Store::ownership`); older ones are only counted.
DROP INDEX visits_phone;
DROP INDEX visits_full_name;
DROP INDEX visits_plate;
DROP INDEX calls_phone;
DROP INDEX calls_full_name;
CREATE INDEX visits_phone ON visits(phone, at);
CREATE INDEX visits_full_name ON visits(full_name, at);
CREATE INDEX visits_plate ON visits(plate, at);
CREATE INDEX calls_phone ON calls(phone, at);
CREATE INDEX calls_full_name ON calls(full_name, at);

-- The ownership lookup's near misses (same last four digits and the same surname, or a number
-- one digit off): the candidates sharing the last four are narrowed from the index alone,
-- without reading each row.
DROP INDEX visits_phone_last4;
DROP INDEX calls_phone_last4;
CREATE INDEX visits_phone_last4 ON visits(phone_last4, surname, phone);
CREATE INDEX calls_phone_last4 ON calls(phone_last4, surname, phone);
