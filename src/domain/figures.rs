//! The office's figures (REG-10, 001 第14篇 (三)6–8: the daily 来人来电统计表 and the weekly
//! and monthly 来人来电统计成交状况分析表): visits, calls and deals counted per day, week and
//! month of the office's calendar, by information source and by salesperson, with the
//! conversions. Pure: the store hands in one fact per visit, call and deal; time zone and
//! range come in as arguments.
//!
//! Decisions where the rule is silent (issue 17 §4):
//! - **Buckets are office days**: a visit belongs to the date its time has in the office's
//!   zone (23:59 and 00:01 are two days). Weeks start on Monday (the Chinese office week) and
//!   are named by their Monday; months by their first day. A week or month cut by the range
//!   counts only the range's days, so the buckets always add up to the total.
//! - **New vs returning**: a visit is returning when the same customer visited earlier — the
//!   same phone or the same full name (REG-3's two identities a register row can be matched on
//!   from an index; a plate alone with a surname is left out, as it needs the surname too). A
//!   customer's first visit ever is new, also when their second visit falls in the same
//!   period (then one new and one returning). The store decides it per visit.
//! - **Visits → deals** is deals per new visitor (成交率 as offices compute it: deals signed in
//!   the period over first visits in the period), not a cohort of visits followed to their
//!   deal: it is known the day the period ends and it does not change later. Per salesperson:
//!   deals they closed over new visitors they received. A deal with a `cancelled` event does
//!   not count. In basis points; none when there was no new visitor.
//! - **Calls → visits**: a call converted when a visit with the same phone came after it (at
//!   any time after, so a month's rate can still grow while its callers come in). In basis
//!   points of the calls; none when there was no call.
//! - **Source** is the visit's information source as corrected (a visit without one counts
//!   under "none"); so is the salesperson. The visit's time is as registered.

use chrono::{DateTime, Datelike, Days, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

use crate::domain::staff::StaffId;

/// One visit as the figures need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitFact {
    pub at: DateTime<Utc>,
    pub salesperson: StaffId,
    /// The source's stored key (`Source::key`), or none.
    pub source: Option<String>,
    /// The same customer (phone or full name) visited before.
    pub returning: bool,
}

/// One phone inquiry as the figures need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFact {
    pub at: DateTime<Utc>,
    pub answered_by: StaffId,
    /// A visit with the caller's phone came after the call.
    pub visited_later: bool,
}

/// One deal that counts (not cancelled), on its office date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealFact {
    pub deal_on: NaiveDate,
    pub closer: StaffId,
}

/// The counts of one bucket (a day, week, month, salesperson, or the whole range).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub visits: u32,
    pub new_visitors: u32,
    pub calls: u32,
    /// Calls followed by a visit with the same phone.
    pub calls_visited: u32,
    pub deals: u32,
}

impl Counts {
    pub fn returning(&self) -> u32 {
        self.visits - self.new_visitors
    }

    /// Deals per new visitor, in basis points (10,000 = 100%; above when returning
    /// customers bought too); none without a new visitor.
    pub fn deal_rate_bp(&self) -> Option<u32> {
        ratio_bp(self.deals, self.new_visitors)
    }

    /// Calls followed by a visit, in basis points of the calls; none without a call.
    pub fn call_visit_rate_bp(&self) -> Option<u32> {
        ratio_bp(self.calls_visited, self.calls)
    }

    fn add_visit(&mut self, v: &VisitFact) {
        self.visits += 1;
        if !v.returning {
            self.new_visitors += 1;
        }
    }

    fn add_call(&mut self, c: &CallFact) {
        self.calls += 1;
        if c.visited_later {
            self.calls_visited += 1;
        }
    }
}

/// `part / whole` in basis points, rounded half up, in integers only.
pub fn ratio_bp(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| {
        let bp = (u64::from(part) * 20_000 / u64::from(whole)).div_ceil(2);
        u32::try_from(bp).unwrap_or(u32::MAX)
    })
}

/// Basis points as a percentage with one decimal, `12.5%` (for the screen; the export
/// writes the rate as a number).
pub fn percent(bp: u32) -> String {
    let tenths = (bp + 5) / 10;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Visits by information source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCounts {
    /// The source's stored key; none for visits registered without one.
    pub source: Option<String>,
    pub visits: u32,
    pub new_visitors: u32,
}

/// The figures of a range of office days, both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: Counts,
    /// Every day of the range, in order, empty days included (a chart needs the gaps).
    pub by_day: Vec<(NaiveDate, Counts)>,
    /// Every week touching the range, named by its Monday.
    pub by_week: Vec<(NaiveDate, Counts)>,
    /// Every month touching the range, named by its first day.
    pub by_month: Vec<(NaiveDate, Counts)>,
    /// Sources with at least one visit, most visits first (then by key).
    pub by_source: Vec<SourceCounts>,
    /// Salespeople with a visit, call or deal, most visits first (then by id).
    pub by_salesperson: Vec<(StaffId, Counts)>,
    /// Visits by the hour of the office's clock they came in.
    pub by_hour: [u32; 24],
}

/// The Monday of the week `day` is in.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The first day of the month `day` is in.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The last day of the month `day` is in.
pub fn month_end(day: NaiveDate) -> NaiveDate {
    let first = month_of(day);
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(day)
}

/// Counts the facts of `from..=to` (facts outside it are ignored) into the figures.
pub fn tally(
    from: NaiveDate,
    to: NaiveDate,
    tz: Tz,
    visits: &[VisitFact],
    calls: &[CallFact],
    deals: &[DealFact],
) -> Figures {
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    let mut by_day: Vec<(NaiveDate, Counts)> =
        days.iter().map(|d| (*d, Counts::default())).collect();
    let index = |day: NaiveDate| -> Option<usize> {
        (day >= from && day <= to).then(|| (day - from).num_days() as usize)
    };
    let mut total = Counts::default();
    let mut by_hour = [0u32; 24];
    let mut sources: Vec<SourceCounts> = Vec::new();
    let mut by_salesperson: Vec<(StaffId, Counts)> = Vec::new();
    for v in visits {
        let local = v.at.with_timezone(&tz);
        let Some(i) = index(local.date_naive()) else {
            continue;
        };
        by_day[i].1.add_visit(v);
        total.add_visit(v);
        by_hour[local.hour() as usize] += 1;
        match sources.iter_mut().find(|s| s.source == v.source) {
            Some(s) => {
                s.visits += 1;
                s.new_visitors += u32::from(!v.returning);
            }
            None => sources.push(SourceCounts {
                source: v.source.clone(),
                visits: 1,
                new_visitors: u32::from(!v.returning),
            }),
        }
        of(&mut by_salesperson, v.salesperson).add_visit(v);
    }
    for c in calls {
        let Some(i) = index(c.at.with_timezone(&tz).date_naive()) else {
            continue;
        };
        by_day[i].1.add_call(c);
        total.add_call(c);
        of(&mut by_salesperson, c.answered_by).add_call(c);
    }
    for d in deals {
        let Some(i) = index(d.deal_on) else {
            continue;
        };
        by_day[i].1.deals += 1;
        total.deals += 1;
        of(&mut by_salesperson, d.closer).deals += 1;
    }
    by_salesperson.sort_by(|a, b| b.1.visits.cmp(&a.1.visits).then(a.0.0.cmp(&b.0.0)));
    sources.sort_by(|a, b| b.visits.cmp(&a.visits).then(a.source.cmp(&b.source)));
    Figures {
        from,
        to,
        total,
        by_week: group(&by_day, week_of),
        by_month: group(&by_day, month_of),
        by_day,
        by_source: sources,
        by_salesperson,
        by_hour,
    }
}

/// The counts of `id`, added when first met (a handful of salespeople: a list is enough).
fn of(people: &mut Vec<(StaffId, Counts)>, id: StaffId) -> &mut Counts {
    let i = match people.iter().position(|(p, _)| *p == id) {
        Some(i) => i,
        None => {
            people.push((id, Counts::default()));
            people.len() - 1
        }
    };
    &mut people[i].1
}

/// Days summed into the buckets `key` names, in order.
fn group(
    days: &[(NaiveDate, Counts)],
    key: fn(NaiveDate) -> NaiveDate,
) -> Vec<(NaiveDate, Counts)> {
    let mut out: Vec<(NaiveDate, Counts)> = Vec::new();
    for (day, c) in days {
        let k = key(*day);
        match out.last_mut() {
            Some((last, sum)) if *last == k => {
                sum.visits += c.visits;
                sum.new_visitors += c.new_visitors;
                sum.calls += c.calls;
                sum.calls_visited += c.calls_visited;
                sum.deals += c.deals;
            }
            _ => out.push((k, *c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn shanghai() -> Tz {
        "Asia/Shanghai".parse().unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Office time in Shanghai as UTC.
    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        shanghai()
            .with_ymd_and_hms(y, m, day, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn visit(at: DateTime<Utc>, who: i64, source: Option<&str>, returning: bool) -> VisitFact {
        VisitFact {
            at,
            salesperson: StaffId(who),
            source: source.map(str::to_owned),
            returning,
        }
    }

    fn call(at: DateTime<Utc>, who: i64, visited_later: bool) -> CallFact {
        CallFact {
            at,
            answered_by: StaffId(who),
            visited_later,
        }
    }

    fn deal(on: NaiveDate, who: i64) -> DealFact {
        DealFact {
            deal_on: on,
            closer: StaffId(who),
        }
    }

    fn day_counts(f: &Figures, day: NaiveDate) -> Counts {
        f.by_day.iter().find(|(d, _)| *d == day).unwrap().1
    }

    #[test]
    fn reg_10_a_visit_at_23_59_and_one_at_00_01_office_time_fall_on_two_days() {
        // 23:59 in Shanghai is 15:59 UTC the same date; 00:01 is 16:01 UTC of the day before.
        let visits = [
            visit(at(2026, 3, 9, 23, 59), 1, None, false),
            visit(at(2026, 3, 10, 0, 1), 1, None, false),
        ];
        let f = tally(d(2026, 3, 9), d(2026, 3, 10), shanghai(), &visits, &[], &[]);
        assert_eq!(day_counts(&f, d(2026, 3, 9)).visits, 1);
        assert_eq!(day_counts(&f, d(2026, 3, 10)).visits, 1);
        assert_eq!(f.by_hour[23], 1);
        assert_eq!(f.by_hour[0], 1);
        // In UTC both are on the 9th: the zone decides.
        let utc = tally(d(2026, 3, 9), d(2026, 3, 10), Tz::UTC, &visits, &[], &[]);
        assert_eq!(day_counts(&utc, d(2026, 3, 9)).visits, 2);
    }

    #[test]
    fn reg_10_a_week_starts_on_monday_and_sunday_closes_it() {
        // 2026-03-08 is a Sunday, 03-09 a Monday.
        let visits = [
            visit(at(2026, 3, 8, 23, 59), 1, None, false),
            visit(at(2026, 3, 9, 0, 0), 1, None, false),
            visit(at(2026, 3, 15, 18, 0), 1, None, false),
        ];
        let f = tally(d(2026, 3, 1), d(2026, 3, 31), shanghai(), &visits, &[], &[]);
        let week = |monday| f.by_week.iter().find(|(w, _)| *w == monday).unwrap().1;
        assert_eq!(week(d(2026, 3, 2)).visits, 1);
        assert_eq!(week(d(2026, 3, 9)).visits, 2);
        // March 1st is a Sunday: its week began in February and is cut to one day.
        assert_eq!(f.by_week[0].0, d(2026, 2, 23));
        assert_eq!(f.by_week.iter().map(|(_, c)| c.visits).sum::<u32>(), 3);
    }

    #[test]
    fn reg_10_a_month_ends_on_its_last_day_and_the_next_begins_at_midnight() {
        let visits = [
            visit(at(2026, 2, 28, 23, 59), 1, None, false),
            visit(at(2026, 3, 1, 0, 0), 1, None, false),
            visit(at(2026, 3, 31, 23, 59), 1, None, false),
            visit(at(2026, 4, 1, 0, 0), 1, None, false),
        ];
        let f = tally(d(2026, 2, 1), d(2026, 4, 30), shanghai(), &visits, &[], &[]);
        let months: Vec<(NaiveDate, u32)> =
            f.by_month.iter().map(|(m, c)| (*m, c.visits)).collect();
        assert_eq!(
            months,
            [(d(2026, 2, 1), 1), (d(2026, 3, 1), 2), (d(2026, 4, 1), 1)]
        );
        assert_eq!(month_end(d(2026, 2, 10)), d(2026, 2, 28));
        assert_eq!(month_end(d(2028, 2, 10)), d(2028, 2, 29));
        assert_eq!(month_end(d(2026, 12, 31)), d(2026, 12, 31));
    }

    #[test]
    fn reg_10_facts_outside_the_range_are_not_counted() {
        let visits = [visit(at(2026, 3, 31, 23, 59), 1, None, false)];
        let calls = [call(at(2026, 4, 1, 0, 0), 1, false)];
        let deals = [deal(d(2026, 2, 28), 1)];
        let f = tally(
            d(2026, 3, 1),
            d(2026, 3, 30),
            shanghai(),
            &visits,
            &calls,
            &deals,
        );
        assert_eq!(f.total, Counts::default());
        assert_eq!(f.by_day.len(), 30);
        assert!(f.by_salesperson.is_empty());
    }

    #[test]
    fn reg_10_new_and_returning_visitors_are_counted_apart() {
        let visits = [
            visit(at(2026, 3, 2, 10, 0), 1, Some("web"), false),
            visit(at(2026, 3, 2, 11, 0), 1, Some("web"), true),
            visit(at(2026, 3, 3, 11, 0), 2, Some("signage"), true),
        ];
        let f = tally(d(2026, 3, 1), d(2026, 3, 31), shanghai(), &visits, &[], &[]);
        assert_eq!(f.total.visits, 3);
        assert_eq!(f.total.new_visitors, 1);
        assert_eq!(f.total.returning(), 2);
        assert_eq!(day_counts(&f, d(2026, 3, 2)).new_visitors, 1);
    }

    #[test]
    fn reg_10_visits_by_source_most_first_with_the_unsourced_counted_too() {
        let visits = [
            visit(at(2026, 3, 2, 10, 0), 1, Some("web"), false),
            visit(at(2026, 3, 2, 11, 0), 1, Some("signage"), false),
            visit(at(2026, 3, 3, 11, 0), 2, Some("web"), true),
            visit(at(2026, 3, 3, 12, 0), 2, None, false),
        ];
        let f = tally(d(2026, 3, 1), d(2026, 3, 31), shanghai(), &visits, &[], &[]);
        let got: Vec<(Option<&str>, u32, u32)> = f
            .by_source
            .iter()
            .map(|s| (s.source.as_deref(), s.visits, s.new_visitors))
            .collect();
        assert_eq!(
            got,
            [(Some("web"), 2, 1), (None, 1, 1), (Some("signage"), 1, 1)]
        );
    }

    #[test]
    fn reg_10_conversion_is_deals_per_new_visitor_per_salesperson_and_overall() {
        let visits = [
            visit(at(2026, 3, 2, 10, 0), 1, None, false),
            visit(at(2026, 3, 2, 11, 0), 1, None, false),
            visit(at(2026, 3, 2, 12, 0), 1, None, false),
            visit(at(2026, 3, 2, 13, 0), 1, None, true),
            visit(at(2026, 3, 3, 11, 0), 2, None, false),
        ];
        let deals = [deal(d(2026, 3, 5), 1), deal(d(2026, 3, 6), 3)];
        let f = tally(
            d(2026, 3, 1),
            d(2026, 3, 31),
            shanghai(),
            &visits,
            &[],
            &deals,
        );
        assert_eq!(f.total.deals, 2);
        assert_eq!(f.total.deal_rate_bp(), Some(5000));
        let of = |id| {
            f.by_salesperson
                .iter()
                .find(|(p, _)| *p == StaffId(id))
                .unwrap()
                .1
        };
        // One deal over three new visitors: 33.33%, rounded half up in basis points.
        assert_eq!(of(1).deal_rate_bp(), Some(3333));
        assert_eq!(of(2).deal_rate_bp(), Some(0));
        // A deal by someone who received no new visitor has no rate, not a division by zero.
        assert_eq!(of(3).deals, 1);
        assert_eq!(of(3).deal_rate_bp(), None);
        assert_eq!(f.by_salesperson[0].0, StaffId(1));
    }

    #[test]
    fn reg_10_calls_convert_to_visits_when_the_caller_came_later() {
        let calls = [
            call(at(2026, 3, 2, 10, 0), 1, true),
            call(at(2026, 3, 2, 11, 0), 1, false),
            call(at(2026, 3, 2, 12, 0), 2, false),
        ];
        let f = tally(d(2026, 3, 1), d(2026, 3, 31), shanghai(), &[], &calls, &[]);
        assert_eq!(f.total.calls, 3);
        assert_eq!(f.total.calls_visited, 1);
        assert_eq!(f.total.call_visit_rate_bp(), Some(3333));
        assert_eq!(Counts::default().call_visit_rate_bp(), None);
    }

    #[test]
    fn rates_round_half_up_and_print_with_one_decimal() {
        assert_eq!(ratio_bp(1, 8), Some(1250));
        assert_eq!(ratio_bp(2, 3), Some(6667));
        assert_eq!(ratio_bp(0, 3), Some(0));
        assert_eq!(ratio_bp(3, 0), None);
        assert_eq!(percent(6667), "66.7%");
        assert_eq!(percent(10_000), "100.0%");
        assert_eq!(percent(4), "0.0%");
    }
}
