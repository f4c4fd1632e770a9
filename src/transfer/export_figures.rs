//! `frontdesk export figures [--from DATE] [--to DATE] --out FILE.xlsx|.csv --supervisor NAME`
//! (REG-10, issue 17 §4): the office's 来人来电统计表 for a range of office days.
//!
//! Choices:
//! - **Five tables**: by day (every day of the range, empty ones too), by week (named by its
//!   Monday; a week cut by the range counts the range's days only), by month, by source, by
//!   salesperson with the conversions; each table ends with its total row (by source: the
//!   shares add up to 100%). In .xlsx a sheet each; in .csv one file with the tables as
//!   sections (the shared sheet writer's rule: an empty line and the table's name before
//!   each table after the first).
//! - **What the rates mean** is written under the first table, and who exported, when, and
//!   the range: a figure nobody can trace back to its definition is not evidence.
//! - **Default range**: without `--from`, the first day of the month of `--to`; without
//!   `--to`, today.
//! - Supervisor's PIN (the figures name salespeople and what they earned the office), audit
//!   (`export_figures`) in the same transaction as the read, the file written beside its
//!   final name and renamed, readable by its owner only: as every export.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use super::export::{ExportArgs, day_range, sheet_format, source_label};
use super::sheet::Format;
use super::sheet_writer::{SheetCell, SheetError, SheetWriter};
use super::text::Tr;
use super::{Failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::figures::{Counts, Figures, month_of, ratio_bp};
use crate::domain::register::Source;
use crate::domain::staff::StaffId;
use crate::i18n::Lang;
use crate::words::describe::startup_error;

pub(super) fn run(
    args: &ExportArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    let lang = language(overrides, env_lang, early_lang);
    let format = sheet_format(&args.out, lang)?;
    let (from, to) = day_range(args, lang)?;
    let mut office = open_office(overrides, env_lang, early_lang)?;
    let (lang, tz) = (office.lang, office.tz);
    let (supervisor, approval) = office.approval(&args.supervisor)?;
    let now = office.now();
    let to = to.unwrap_or_else(|| now.with_timezone(&tz).date_naive());
    let from = from.unwrap_or_else(|| month_of(to)).min(to);
    let names = office.staff_names()?;
    let footer = office.exported_footer(&supervisor.name, now, &format!("{from}..{to}"));
    let mut written = false;
    let result = office.store.export_figures(
        approval,
        from,
        to,
        tz,
        &file_name(&args.out),
        now,
        |figures| {
            write(&args.out, format, figures, &names, &footer, lang)?;
            written = true;
            Ok::<(), SheetError>(())
        },
    );
    match result {
        Err(e) if written => Err(office.not_recorded(&args.out, &e)),
        Err(e) => Err(office.fail(startup_error(&e, lang))),
        Ok(Err(e)) => Err(office.cannot_write(&args.out, &e.to_string())),
        Ok(Ok(figures)) => {
            let t = figures.total;
            let path = args.out.display();
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                say(
                    Tr::FiguresDone,
                    lang,
                    &[
                        ("from", &from),
                        ("to", &to),
                        ("visits", &t.visits),
                        ("calls", &t.calls),
                        ("deals", &t.deals),
                        ("path", &path),
                    ],
                )
            );
            Ok(())
        }
    }
}

/// The columns every counts table has after its first.
const COUNT_COLUMNS: [Tr; 8] = [
    Tr::ColVisits,
    Tr::ColNewVisitors,
    Tr::ColReturning,
    Tr::ColCalls,
    Tr::ColCallsVisited,
    Tr::ColCallVisitRate,
    Tr::ColDeals,
    Tr::ColDealRate,
];

fn header(first: Tr, lang: Lang) -> Vec<&'static str> {
    std::iter::once(first)
        .chain(COUNT_COLUMNS)
        .map(|c| c.text(lang))
        .collect()
}

fn rate(bp: Option<u32>) -> SheetCell {
    bp.map_or(SheetCell::Empty, SheetCell::Rate)
}

fn count_cells(first: SheetCell, c: &Counts) -> Vec<SheetCell> {
    let n = |v: u32| SheetCell::Integer(i64::from(v));
    vec![
        first,
        n(c.visits),
        n(c.new_visitors),
        n(c.returning()),
        n(c.calls),
        n(c.calls_visited),
        rate(c.call_visit_rate_bp()),
        n(c.deals),
        rate(c.deal_rate_bp()),
    ]
}

fn total(lang: Lang) -> SheetCell {
    SheetCell::text(Tr::RowTotal.text(lang))
}

/// Counts by day, week or month, each named by its first day.
type Buckets = [(NaiveDate, Counts)];

fn write(
    path: &Path,
    format: Format,
    figures: &Figures,
    names: &HashMap<StaffId, String>,
    footer: &str,
    lang: Lang,
) -> Result<(), SheetError> {
    let mut out = SheetWriter::create_as(path, format)?;
    let tables: [(Tr, Tr, &Buckets); 3] = [
        (Tr::SheetByDay, Tr::ColDate, &figures.by_day),
        (Tr::SheetByWeek, Tr::ColWeek, &figures.by_week),
        (Tr::SheetByMonth, Tr::ColMonth, &figures.by_month),
    ];
    for (i, (sheet, first, rows)) in tables.into_iter().enumerate() {
        out.sheet(sheet.text(lang), &header(first, lang))?;
        for (day, counts) in rows {
            let label = match first {
                Tr::ColMonth => SheetCell::text(day.format("%Y-%m").to_string()),
                _ => SheetCell::Date(*day),
            };
            out.row(&count_cells(label, counts))?;
        }
        out.row(&count_cells(total(lang), &figures.total))?;
        if i == 0 {
            out.blank()?;
            out.note(&[Tr::FiguresNote.text(lang)])?;
            out.note(&[footer])?;
        }
    }
    out.sheet(
        Tr::SheetBySource.text(lang),
        &[
            Tr::ColSource.text(lang),
            Tr::ColVisits.text(lang),
            Tr::ColNewVisitors.text(lang),
            Tr::ColShare.text(lang),
        ],
    )?;
    let visits = figures.total.visits;
    for s in &figures.by_source {
        let label = s.source.as_deref().map_or_else(
            || Tr::SourceNone.text(lang).to_owned(),
            |key| source_label(&Source::from_key(key), lang),
        );
        out.row(&[
            SheetCell::Text(label),
            SheetCell::Integer(i64::from(s.visits)),
            SheetCell::Integer(i64::from(s.new_visitors)),
            rate(ratio_bp(s.visits, visits)),
        ])?;
    }
    out.row(&[
        total(lang),
        SheetCell::Integer(i64::from(visits)),
        SheetCell::Integer(i64::from(figures.total.new_visitors)),
        rate(ratio_bp(visits, visits)),
    ])?;
    out.sheet(
        Tr::SheetBySalesperson.text(lang),
        &header(Tr::ColSalesperson, lang),
    )?;
    for (id, counts) in &figures.by_salesperson {
        let name = names.get(id).cloned().unwrap_or_else(|| format!("#{id}"));
        out.row(&count_cells(SheetCell::Text(name), counts))?;
    }
    out.row(&count_cells(total(lang), &figures.total))?;
    out.finish()
}
