//! `frontdesk report group --head-office URL --from YYYY-MM --to YYYY-MM --out FILE.xlsx`
//! (issue 19 §3): the group's figures per office and month, read from the head office's view
//! `group_figures` (`src/sync/figures.sql`), for the head office's own file.
//!
//! Choices:
//! - **Reads only**, in a read-only transaction, with the head office's credentials; it opens
//!   no office database, needs no office PIN and writes no audit row (the head office's
//!   database is not an office's evidence; whoever may read the view may copy it).
//! - **One sheet**: a row per office and month, months in order and offices by name, each
//!   month closed by its total over the offices, rates of the totals computed from the sums
//!   (not averaged). Rates are percentages as the desk's exports write them; a rate with
//!   nothing to divide by is an empty cell. What the columns mean is written under the table.
//! - **Months**: `2026-03` or `2026/3`; a range given backwards is turned round. A range with
//!   no row at all writes no file and says so.
//! - `.xlsx` or `.csv`, through the one sheet writer (written beside its name and renamed).

mod text;

use std::io::Write;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};

use super::export::sheet_format;
use super::sheet::Format;
use super::sheet_writer::{SheetCell, SheetError, SheetWriter};
use super::{Failure, failure, language};
use crate::config::Overrides;
use crate::i18n::{Lang, fill};
use crate::sync::group::{GroupError, GroupMonth, group_months, with_month_totals};
use crate::sync::text::Sy;
use crate::sync::{connect, describe};
use text::Rg;

#[derive(Debug, Clone, clap::Args)]
pub struct ReportGroupArgs {
    /// The head office's PostgreSQL, with credentials that may read its views:
    /// `postgresql://USER@HOST/DB` or `host=… user=… dbname=…`.
    #[arg(long, value_name = "URL")]
    pub head_office: String,
    /// The first month (2026-03).
    #[arg(long, value_name = "YYYY-MM")]
    pub from: String,
    /// The last month, included (2026-05).
    #[arg(long, value_name = "YYYY-MM")]
    pub to: String,
    /// The file to write: FILE.xlsx or FILE.csv; replaced if it exists.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `2026-03`, `2026/3` or `2026-03-15` as the month's first day.
pub fn parse_month(value: &str) -> Option<NaiveDate> {
    let mut parts = value.trim().split(['-', '/']);
    let year: i32 = parts.next()?.trim().parse().ok()?;
    let month: u32 = parts.next()?.trim().parse().ok()?;
    match parts.next() {
        Some(day) if day.trim().parse::<u32>().is_err() => return None,
        _ => {}
    }
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, 1)
}

pub(super) fn run(
    args: &ReportGroupArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    let lang = language(overrides, env_lang, early_lang);
    let format = sheet_format(&args.out, lang)?;
    let month = |option: &str, value: &str| {
        parse_month(value).ok_or_else(|| {
            failure(
                lang,
                fill(
                    Rg::ErrMonth.text(lang),
                    &[("option", &option), ("value", &value)],
                ),
            )
        })
    };
    let (from, to) = (month("--from", &args.from)?, month("--to", &args.to)?);
    let (from, to) = (from.min(to), from.max(to));
    let months = connect(&args.head_office)
        .map_err(GroupError::from)
        .and_then(|mut client| group_months(&mut client, from, to))
        .map_err(|e| match e {
            GroupError::NotSetUp => failure(lang, Rg::ErrNotSetUp.text(lang).to_owned()),
            GroupError::Sync(e) => failure(lang, describe(&e, lang)),
            e @ GroupError::Month(_) => {
                failure(lang, fill(Sy::ErrHeadOffice.text(lang), &[("detail", &e)]))
            }
        })?;
    let (first, last) = (from.format("%Y-%m"), to.format("%Y-%m"));
    if months.is_empty() {
        return Err(failure(
            lang,
            fill(Rg::ErrNoRows.text(lang), &[("from", &first), ("to", &last)]),
        ));
    }
    let mut offices: Vec<&str> = months.iter().filter_map(|m| m.office.as_deref()).collect();
    offices.sort_unstable();
    offices.dedup();
    let read = fill(
        Rg::Read.text(lang),
        &[("time", &Utc::now().format("%Y-%m-%d %H:%M"))],
    );
    write(&args.out, format, &months, &read, lang).map_err(|e| {
        let path = args.out.display();
        failure(
            lang,
            fill(
                super::text::Tr::ErrWrite.text(lang),
                &[("path", &path), ("detail", &e)],
            ),
        )
    })?;
    let path = args.out.display();
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        fill(
            Rg::Done.text(lang),
            &[
                ("from", &first),
                ("to", &last),
                ("offices", &offices.len()),
                ("rows", &months.len()),
                ("path", &path),
            ],
        )
    );
    Ok(())
}

const COLUMNS: [Rg; 16] = [
    Rg::ColMonth,
    Rg::ColOffice,
    Rg::ColVisits,
    Rg::ColNewVisitors,
    Rg::ColReturning,
    Rg::ColCorrected,
    Rg::ColCalls,
    Rg::ColCallsVisited,
    Rg::ColDeals,
    Rg::ColCancelled,
    Rg::ColDealRate,
    Rg::ColComplaints,
    Rg::ColReplies,
    Rg::ColOnTime,
    Rg::ColOnTimeRate,
    Rg::ColLobby,
];

fn cells(m: &GroupMonth, lang: Lang) -> Vec<SheetCell> {
    let n = SheetCell::Integer;
    let rate = |bp: Option<u32>| bp.map_or(SheetCell::Empty, SheetCell::Rate);
    vec![
        SheetCell::text(m.month.format("%Y-%m").to_string()),
        SheetCell::text(m.office.as_deref().unwrap_or(Rg::Total.text(lang))),
        n(m.visits),
        n(m.new_visitors),
        n(m.returning_visitors),
        n(m.corrected_visits),
        n(m.calls),
        n(m.calls_visited),
        n(m.deals),
        n(m.deals_cancelled),
        rate(m.deal_rate_bp()),
        n(m.complaints),
        n(m.replies),
        n(m.replies_on_time),
        rate(m.on_time_bp()),
        n(m.lobby_visits),
    ]
}

fn write(
    path: &std::path::Path,
    format: Format,
    months: &[GroupMonth],
    read: &str,
    lang: Lang,
) -> Result<(), SheetError> {
    let mut out = SheetWriter::create_as(path, format)?;
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.text(lang)).collect();
    out.sheet(Rg::Sheet.text(lang), &header)?;
    for row in with_month_totals(months) {
        out.row(&cells(&row, lang))?;
    }
    out.blank()?;
    out.note(&[Rg::Note.text(lang)])?;
    out.note(&[read])?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_typed_with_a_dash_or_a_slash_and_nothing_else_is_one() {
        let march = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(parse_month("2026-03"), march);
        assert_eq!(parse_month(" 2026/3 "), march);
        assert_eq!(parse_month("2026-03-15"), march);
        for wrong in [
            "2026",
            "2026-13",
            "03-2026",
            "2026-03-xx",
            "26-03",
            "2026-03-01-02",
            "",
        ] {
            assert_eq!(parse_month(wrong), None, "{wrong}");
        }
    }
}
