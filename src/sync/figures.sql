-- The group's figures at the head office (issue 19 §3): per office and month, read from the
-- rows every office pushed into `evidence_rows` (`schema.sql`). Views only, and the indexes
-- they read through: applying this file again changes nothing. The README's "Group figures"
-- says what each column means.
--
-- How the desk's own figures are followed, so that an office's month here is the month its
-- figures tab and `export figures` show (REG-10, CMP-11):
-- - A month is the office's local calendar month. Visits, calls, complaints and replies are
--   stored as UTC instants (RFC 3339 text, `2026-03-31T15:30:00.000Z`); the office's zone is
--   not a chained row, but its audit trail names it: `set_up_office` (`… timezone=ZONE`) and
--   every `set_office_settings` that changes it (`timezone: OLD → NEW`). The last one pushed
--   is the office's zone (as the desk counts every row in its present zone); an office whose
--   trail names none is in the desk's default, Asia/Shanghai. Deals carry their office date
--   (`deal_on`), used as it is.
-- - Only rows whose content travelled count (`row_json` not null).
-- - Corrections are new rows and never remove or add a visit or a call: a corrected visit
--   counts once, in the month it was registered in, and new or returning as registered (the
--   desk does the same: a corrected time does not move a visit). `corrected_visits` says how
--   many of the month's visits have a correction since. A lobby exit pressed by mistake and
--   undone writes a second lobby visit continuing the first (`continued_as` in its
--   correction): that continuation is not another visitor and is not counted.
-- - The views read with the rights of whoever queries them (`security_invoker`, PostgreSQL
--   15 and later): a reader needs SELECT on them and on `evidence_rows`, and a row-level
--   policy on `evidence_rows` (an office's own login) holds through them.
-- - Rates are basis points rounded half up (10000 = 100%), null when there is nothing to
--   divide by, as the desk's `ratio_bp`.

-- Every office that pushed anything, found by skipping through the primary key (one index
-- probe per office, not a read of every row).
CREATE OR REPLACE VIEW group_offices WITH (security_invoker = true) AS
WITH RECURSIVE o(office) AS (
    (SELECT office FROM evidence_rows ORDER BY office LIMIT 1)
    UNION ALL
    SELECT (SELECT e.office FROM evidence_rows e WHERE e.office > o.office
             ORDER BY e.office LIMIT 1)
      FROM o WHERE o.office IS NOT NULL
)
SELECT office FROM o WHERE office IS NOT NULL;

CREATE INDEX IF NOT EXISTS evidence_rows_zone_set ON evidence_rows (office, pos)
    WHERE chain = 'audit' AND row_json->>'action' IN ('set_up_office', 'set_office_settings');

-- Each office's time zone: the last one its audit trail names, else the desk's default.
CREATE OR REPLACE VIEW group_office_zones WITH (security_invoker = true) AS
SELECT g.office, coalesce(z.tz, 'Asia/Shanghai') AS tz, z.set_at
  FROM group_offices g
  LEFT JOIN LATERAL (
      SELECT s.tz, s.set_at
        FROM (SELECT e.pos, e.row_json->>'at' AS set_at,
                     CASE e.row_json->>'action'
                         WHEN 'set_up_office' THEN
                             substring(e.row_json->>'detail' FROM ' timezone=([^ ]+)$')
                         ELSE
                             substring(e.row_json->>'detail'
                                       FROM '(?:^|; )timezone: [^;]* → ([^;]+)')
                     END AS tz
                FROM evidence_rows e
               WHERE e.office = g.office AND e.chain = 'audit'
                 AND e.row_json->>'action' IN ('set_up_office', 'set_office_settings')) s
       WHERE s.tz IS NOT NULL
       ORDER BY s.pos DESC LIMIT 1
  ) z ON true;

-- A stored UTC instant's first day of the month in zone `tz`.
CREATE OR REPLACE FUNCTION frontdesk_local_month(p_at text, p_tz text) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT date_trunc('month', p_at::timestamptz AT TIME ZONE p_tz)::date
$$;

-- `part / whole` in basis points rounded half up; null without a whole (the desk's ratio_bp).
CREATE OR REPLACE FUNCTION frontdesk_ratio_bp(p_part bigint, p_whole bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_whole > 0 THEN (p_part * 20000 / p_whole + 1) / 2 END
$$;

CREATE INDEX IF NOT EXISTS evidence_rows_visit_phone ON evidence_rows
    (office, (row_json->>'phone')) WHERE chain = 'visits';
CREATE INDEX IF NOT EXISTS evidence_rows_visit_name ON evidence_rows
    (office, (row_json->>'full_name')) WHERE chain = 'visits';
CREATE INDEX IF NOT EXISTS evidence_rows_correction_target ON evidence_rows
    (office, (row_json->>'register'), (row_json->>'target_id'))
    WHERE chain = 'register_corrections';
CREATE INDEX IF NOT EXISTS evidence_rows_deal_event ON evidence_rows
    (office, (row_json->>'deal_id'), (row_json->>'kind')) WHERE chain = 'deal_events';

-- Sales-office visits: new (the customer's first visit at this office: no earlier visit with
-- the same phone or the same full name, two at the same instant ordered by id) and returning.
CREATE OR REPLACE VIEW group_visits WITH (security_invoker = true) AS
SELECT v.office, v.month,
       count(*) AS visits,
       count(*) FILTER (WHERE NOT v.returning) AS new_visitors,
       count(*) FILTER (WHERE v.returning) AS returning_visitors,
       count(*) FILTER (WHERE v.corrected) AS corrected_visits
  FROM (SELECT e.office,
               frontdesk_local_month(e.row_json->>'at', z.tz) AS month,
               (e.row_json->>'phone' IS NOT NULL AND EXISTS (
                    SELECT 1 FROM evidence_rows p
                     WHERE p.office = e.office AND p.chain = 'visits'
                       AND p.row_json->>'phone' = e.row_json->>'phone'
                       AND ((p.row_json->>'at')::timestamptz < (e.row_json->>'at')::timestamptz
                            OR ((p.row_json->>'at')::timestamptz
                                    = (e.row_json->>'at')::timestamptz
                                AND p.row_id < e.row_id))))
               OR (e.row_json->>'full_name' IS NOT NULL AND EXISTS (
                    SELECT 1 FROM evidence_rows n
                     WHERE n.office = e.office AND n.chain = 'visits'
                       AND n.row_json->>'full_name' = e.row_json->>'full_name'
                       AND ((n.row_json->>'at')::timestamptz < (e.row_json->>'at')::timestamptz
                            OR ((n.row_json->>'at')::timestamptz
                                    = (e.row_json->>'at')::timestamptz
                                AND n.row_id < e.row_id)))) AS returning,
               EXISTS (SELECT 1 FROM evidence_rows k
                        WHERE k.office = e.office AND k.chain = 'register_corrections'
                          AND k.row_json->>'register' = 'visit'
                          AND k.row_json->>'target_id' = e.row_id::text) AS corrected
          FROM evidence_rows e
          JOIN group_office_zones z ON z.office = e.office
         WHERE e.chain = 'visits' AND e.row_json IS NOT NULL) v
 GROUP BY v.office, v.month;

-- Phone inquiries, and those followed by a visit with the caller's phone (at any time after).
CREATE OR REPLACE VIEW group_calls WITH (security_invoker = true) AS
SELECT c.office, c.month,
       count(*) AS calls,
       count(*) FILTER (WHERE c.visited_later) AS calls_visited
  FROM (SELECT e.office,
               frontdesk_local_month(e.row_json->>'at', z.tz) AS month,
               e.row_json->>'phone' IS NOT NULL AND EXISTS (
                   SELECT 1 FROM evidence_rows v
                    WHERE v.office = e.office AND v.chain = 'visits'
                      AND v.row_json->>'phone' = e.row_json->>'phone'
                      AND (v.row_json->>'at')::timestamptz
                              > (e.row_json->>'at')::timestamptz) AS visited_later
          FROM evidence_rows e
          JOIN group_office_zones z ON z.office = e.office
         WHERE e.chain = 'calls' AND e.row_json IS NOT NULL) c
 GROUP BY c.office, c.month;

-- Deals by the month of their office date: signed (every deal without a `cancelled` event,
-- whenever it was cancelled: a change of unit cancels the deal it replaces) and cancelled.
-- A `corrected` event changes names or the unit, never whether or when the deal counts.
CREATE OR REPLACE VIEW group_deals WITH (security_invoker = true) AS
SELECT d.office, d.month,
       count(*) FILTER (WHERE NOT d.cancelled) AS deals,
       count(*) FILTER (WHERE d.cancelled) AS deals_cancelled
  FROM (SELECT e.office,
               date_trunc('month', (e.row_json->>'deal_on')::date)::date AS month,
               EXISTS (SELECT 1 FROM evidence_rows x
                        WHERE x.office = e.office AND x.chain = 'deal_events'
                          AND x.row_json->>'deal_id' = e.row_id::text
                          AND x.row_json->>'kind' = 'cancelled') AS cancelled
          FROM evidence_rows e
         WHERE e.chain = 'deals' AND e.row_json IS NOT NULL) d
 GROUP BY d.office, d.month;

-- Complaints recorded in the month, and the replies made in it (CMP-11): on time when made by
-- the round's due date as it stood then, as the desk decided and stored with the reply
-- (`on_time`). A complaint answered on the spot has no reply, so it is in no rate.
CREATE OR REPLACE VIEW group_complaints WITH (security_invoker = true) AS
SELECT k.office, k.month,
       count(*) FILTER (WHERE k.chain = 'complaints') AS complaints,
       count(*) FILTER (WHERE k.chain = 'complaint_events') AS replies,
       count(*) FILTER (WHERE k.chain = 'complaint_events' AND k.on_time) AS replies_on_time
  FROM (SELECT e.office, e.chain,
               frontdesk_local_month(
                   CASE e.chain WHEN 'complaints' THEN e.row_json->>'recorded_at'
                                ELSE e.row_json->>'at' END, z.tz) AS month,
               coalesce(e.row_json->>'on_time' IN ('1', 'true'), false) AS on_time
          FROM evidence_rows e
          JOIN group_office_zones z ON z.office = e.office
         WHERE e.row_json IS NOT NULL
           AND (e.chain = 'complaints'
                OR (e.chain = 'complaint_events' AND e.row_json->>'kind' = 'reply'))) k
 GROUP BY k.office, k.month;

-- Lobby visitors logged in the month, an undone exit's continuation not counted again.
CREATE OR REPLACE VIEW group_lobby_visits WITH (security_invoker = true) AS
SELECT l.office, frontdesk_local_month(l.row_json->>'at', z.tz) AS month,
       count(*) AS lobby_visits
  FROM evidence_rows l
  JOIN group_office_zones z ON z.office = l.office
 WHERE l.chain = 'lobby_visits' AND l.row_json IS NOT NULL
   AND NOT EXISTS (
       SELECT 1 FROM evidence_rows k
        WHERE k.office = l.office AND k.chain = 'lobby_corrections'
          AND substring(k.row_json->>'changes' FROM '"continued_as":\s*([0-9]+)')
                  = l.row_id::text)
 GROUP BY l.office, month;

-- Everything per office and month: a month with anything at all has a row, zeros included.
-- `deal_rate_bp`: deals signed in the month over the month's new visitors (成交率 as the
-- desk's figures compute it; above 10000 when returning customers bought too).
-- `on_time_bp`: replies on time over replies made in the month.
-- One UNION ALL summed by office and month rather than joins: a condition on `month` (the
-- report's range) then reaches every view below and each reads only its months' rows.
CREATE OR REPLACE VIEW group_figures WITH (security_invoker = true) AS
SELECT u.office, u.month,
       sum(u.visits)::bigint AS visits,
       sum(u.new_visitors)::bigint AS new_visitors,
       sum(u.returning_visitors)::bigint AS returning_visitors,
       sum(u.corrected_visits)::bigint AS corrected_visits,
       sum(u.calls)::bigint AS calls,
       sum(u.calls_visited)::bigint AS calls_visited,
       sum(u.deals)::bigint AS deals,
       sum(u.deals_cancelled)::bigint AS deals_cancelled,
       frontdesk_ratio_bp(sum(u.deals)::bigint, sum(u.new_visitors)::bigint) AS deal_rate_bp,
       sum(u.complaints)::bigint AS complaints,
       sum(u.replies)::bigint AS replies,
       sum(u.replies_on_time)::bigint AS replies_on_time,
       frontdesk_ratio_bp(sum(u.replies_on_time)::bigint, sum(u.replies)::bigint)
           AS on_time_bp,
       sum(u.lobby_visits)::bigint AS lobby_visits
  FROM (SELECT office, month, visits, new_visitors, returning_visitors, corrected_visits,
               0::bigint AS calls, 0::bigint AS calls_visited, 0::bigint AS deals,
               0::bigint AS deals_cancelled, 0::bigint AS complaints, 0::bigint AS replies,
               0::bigint AS replies_on_time, 0::bigint AS lobby_visits
          FROM group_visits
        UNION ALL
        SELECT office, month, 0, 0, 0, 0, calls, calls_visited, 0, 0, 0, 0, 0, 0
          FROM group_calls
        UNION ALL
        SELECT office, month, 0, 0, 0, 0, 0, 0, deals, deals_cancelled, 0, 0, 0, 0
          FROM group_deals
        UNION ALL
        SELECT office, month, 0, 0, 0, 0, 0, 0, 0, 0, complaints, replies, replies_on_time, 0
          FROM group_complaints
        UNION ALL
        SELECT office, month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, lobby_visits
          FROM group_lobby_visits) u
 GROUP BY u.office, u.month;
