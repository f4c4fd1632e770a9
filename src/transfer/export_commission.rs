//! `frontdesk export commission [--from DATE] --out FILE.xlsx|.csv --supervisor NAME`
//! (issue 17 §4): the month's commission split sheet, the input to the office's payroll.
//!
//! Choices:
//! - **Which month**: the month of `--from`, else of `--to`, else this month (office time).
//! - **One line per party of each deal** signed in the month, as the split stands: confirmed,
//!   changed or ruled by a supervisor, or still only proposed (marked unconfirmed, not paid);
//!   then a reversal line per party for each cancellation made in the month — a deal
//!   cancelled in a later month is reversed on that month's sheet (the clawback of the
//!   office's 佣金制度), never by rewriting an earlier sheet.
//! - **Performance** (业绩金额) is the price times the share, when the office records prices;
//!   the commission rate on it is the payroll's, not the desk's.
//! - A second table sums each party's confirmed and reversal lines: net deals by share and
//!   net performance.
//! - Supervisor's PIN, audit (`export_commission`) in the same transaction as the read, the
//!   file written beside its final name and renamed: as every export.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use chrono_tz::Tz;

use super::export::{ExportArgs, day_range, sheet_format};
use super::sheet::Format;
use super::sheet_writer::{SheetCell, SheetError, SheetWriter};
use super::text::Tr;
use super::{Failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::attribution::Party;
use crate::domain::figures::month_of;
use crate::domain::staff::StaffId;
use crate::i18n::Lang;
use crate::store::deals::{SheetLine, SheetLineKind};
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
    let month = month_of(
        from.or(to)
            .unwrap_or_else(|| now.with_timezone(&tz).date_naive()),
    );
    let names = office.staff_names()?;
    let month_text = month.format("%Y-%m").to_string();
    let footer = office.exported_footer(&supervisor.name, now, &month_text);
    let mut written = false;
    let mut counts = (0, 0);
    let result = office.store.export_commission_sheet(
        approval,
        month,
        tz,
        &file_name(&args.out),
        now,
        |lines| {
            let sheet = Sheet {
                names: &names,
                lang,
                tz,
            };
            sheet.write(&args.out, format, lines, &footer)?;
            let mut deals: Vec<i64> = lines.iter().map(|l| l.deal).collect();
            deals.sort_unstable();
            deals.dedup();
            let reversals = lines
                .iter()
                .filter(|l| l.kind == SheetLineKind::Reversal)
                .count();
            counts = (deals.len(), reversals);
            written = true;
            Ok::<(), SheetError>(())
        },
    );
    match result {
        Err(e) if written => Err(office.not_recorded(&args.out, &e)),
        Err(e) => Err(office.fail(startup_error(&e, lang))),
        Ok(Err(e)) => Err(office.cannot_write(&args.out, &e.to_string())),
        Ok(Ok(lines)) => {
            let path = args.out.display();
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                say(
                    Tr::CommissionDone,
                    lang,
                    &[
                        ("month", &month_text),
                        ("deals", &counts.0),
                        ("lines", &lines),
                        ("reversals", &counts.1),
                        ("path", &path),
                    ],
                )
            );
            Ok(())
        }
    }
}

/// What the sheet needs to name people and times.
struct Sheet<'a> {
    names: &'a HashMap<StaffId, String>,
    lang: Lang,
    tz: Tz,
}

impl Sheet<'_> {
    fn name(&self, id: StaffId) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn party(&self, party: Party) -> String {
        match party {
            Party::Salesperson(id) => self.name(id),
            Party::Pool => Tr::PartyPool.text(self.lang).to_owned(),
            Party::Referrer(id) => say(Tr::PartyReferrer, self.lang, &[("name", &self.name(id))]),
        }
    }

    fn write(
        &self,
        path: &Path,
        format: Format,
        lines: &[SheetLine],
        footer: &str,
    ) -> Result<(), SheetError> {
        let lang = self.lang;
        let mut out = SheetWriter::create_as(path, format)?;
        let header: Vec<&str> = [
            Tr::ColDeal,
            Tr::ColSignedOn,
            Tr::ColLineDate,
            Tr::ColLine,
            Tr::ColDealUnit,
            Tr::ColBuyers,
            Tr::ColCloser,
            Tr::ColSplitParty,
            Tr::ColSharePercent,
            Tr::ColSignedBp,
            Tr::ColPerformance,
            Tr::ColRule,
            Tr::ColConfirmedBy,
            Tr::ColConfirmedAt,
            Tr::ColPrice,
            Tr::ColDeposit,
        ]
        .iter()
        .map(|c| c.text(lang))
        .collect();
        out.sheet(Tr::SheetCommission.text(lang), &header)?;
        // Net by party: (basis points, performance in fen), confirmed and reversal lines.
        let mut net: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for line in lines {
            let performance = line.price_fen.map(|p| p * line.bp / 10_000);
            let kind = match line.kind {
                SheetLineKind::Share { confirmed: true } => Tr::LineShare,
                SheetLineKind::Share { confirmed: false } => Tr::LineUnconfirmed,
                SheetLineKind::Reversal => Tr::LineReversal,
            };
            if line.kind != (SheetLineKind::Share { confirmed: false }) {
                let entry = net.entry(self.party(line.party)).or_default();
                entry.0 += line.bp;
                entry.1 += performance.unwrap_or(0);
            }
            let (by, at) = match line.settled_by {
                Some((by, at)) => (
                    SheetCell::text(self.name(by)),
                    SheetCell::DateTime(at.with_timezone(&self.tz).naive_local()),
                ),
                None => (SheetCell::Empty, SheetCell::Empty),
            };
            out.row(&[
                SheetCell::Integer(line.deal),
                SheetCell::Date(line.deal_on),
                SheetCell::Date(line.on),
                SheetCell::text(kind.text(lang)),
                SheetCell::text(&line.unit),
                SheetCell::text(&line.buyers),
                SheetCell::text(self.name(line.closer)),
                SheetCell::text(self.party(line.party)),
                SheetCell::Rate(u32::try_from(line.bp.unsigned_abs()).unwrap_or(u32::MAX)),
                SheetCell::Integer(line.bp),
                performance.map_or(SheetCell::Empty, SheetCell::Money),
                SheetCell::text(&line.rule),
                by,
                at,
                line.price_fen.map_or(SheetCell::Empty, SheetCell::Money),
                SheetCell::Money(line.deposit_fen),
            ])?;
        }
        out.blank()?;
        out.note(&[Tr::CommissionNote.text(lang)])?;
        out.note(&[footer])?;
        out.sheet(
            Tr::SheetCommissionByParty.text(lang),
            &[
                Tr::ColSplitParty.text(lang),
                Tr::ColSignedBp.text(lang),
                Tr::ColNetDeals.text(lang),
                Tr::ColNetPerformance.text(lang),
            ],
        )?;
        for (party, (bp, performance)) in net {
            out.row(&[
                SheetCell::text(party),
                SheetCell::Integer(bp),
                SheetCell::text(format!("{:.2}", bp as f64 / 10_000.0)),
                SheetCell::Money(performance),
            ])?;
        }
        out.finish()
    }
}
