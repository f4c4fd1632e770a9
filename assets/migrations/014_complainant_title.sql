-- How a phrase addresses the complainant (issue 16 §4): `{surname}` is their surname with
-- 先生 or 女士 (李女士), and the title cannot be read from a name, so the desk asks the clerk
-- once and keeps the answer with the complaint, for the follow-up call. NULL: not asked
-- (no phrase needed it, or a complaint recorded before this migration).
--
-- A courtesy, not evidence: the hash chain's column list for `complaints` is frozen
-- (store/chain.rs), so this column is written once with the row (the table's append-only
-- triggers still refuse any UPDATE) but not hashed. Migrations are append-only.
ALTER TABLE complaints ADD COLUMN complainant_title TEXT
    CHECK (complainant_title IS NULL OR complainant_title IN ('mr', 'ms'));
