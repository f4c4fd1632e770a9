-- The office's settings move into the database, and the audit names the approver.
-- Migrations are append-only: never edit this file once released; add a new one.

-- Office settings are rows of `settings` (no new table), written at setup and by a
-- supervisor: `policy_preset` (a preset name), `policy_overrides` (TOML text, one
-- `field = value` a line), `timezone` (an IANA name). An office set up before this
-- migration has none of them and reads the defaults its consoles used when their config
-- files were silent (004, Asia/Shanghai); no rows are written here, so that a supervisor's
-- first change is the first and only record of a choice.

-- Who approved a supervisor-only change, beside who was signed in and did it. NULL when
-- nothing needed approval (and for rows written before this migration).
ALTER TABLE audit ADD COLUMN approver_id INTEGER REFERENCES staff(id);
