//! `frontdesk verify --against URL [--office NAME]` (issue 19 §3): the comparison of
//! [`super::compare`] said for people, one line per chain and a total, in the user's
//! language. `frontdesk verify` runs the desk's own chain check first and prints it as it
//! always does; this adds the head office's side.

use crate::i18n::{Lang, fill};
use crate::store::Store;

use super::against_text::Va;
use super::command::{describe, office_name};
use super::compare::{ChainCompared, CompareError, Compared, ContentDiff, Difference, compare};
use super::connect;

/// What `verify` takes besides the database: where the head office is, and under which
/// office name the desk's chains are held there.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AgainstArgs {
    /// Also compare the file row by row with the head office's copy of its chains, on
    /// PostgreSQL (`postgresql://USER@HOST/DB` or `host=… user=… dbname=…`). Read-only.
    #[arg(long, value_name = "URL")]
    pub against: Option<String>,
    /// The name the office's chains are under at the head office (default: the office's name
    /// from its setup, as `sync` pushes them).
    #[arg(long, value_name = "NAME", requires = "against")]
    pub office: Option<String>,
}

/// One line of the report; a failure goes to stderr, as every subcommand says its failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub failure: bool,
}

/// The comparison said: its lines, and whether nothing differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub lines: Vec<Line>,
    pub agrees: bool,
}

/// Compares `store` with the head office at `url`, under `office` or the office's own name.
/// `Err`: why it could not compare, one line in the user's language.
pub fn verify_against(
    store: &Store,
    url: &str,
    office: Option<&str>,
    lang: Lang,
) -> Result<Report, String> {
    // Before any connection: nothing outside is needed to say this.
    let office = office_name(office, store).ok_or_else(|| Va::ErrNoOffice.text(lang).to_owned())?;
    let compared = connect(url)
        .map_err(CompareError::from)
        .and_then(|mut client| compare(store, &office, &mut client))
        .map_err(|e| match e {
            CompareError::NoHeadOffice => Va::ErrNoHeadOffice.text(lang).to_owned(),
            CompareError::Sync(e) => describe(&e, lang),
        })?;
    Ok(report(&compared, &office, lang))
}

/// The report of a comparison: a heading, a line per chain, a note when the head office
/// holds nothing for the office, and the total.
pub fn report(compared: &Compared, office: &str, lang: Lang) -> Report {
    let said = |text: String| Line {
        text,
        failure: false,
    };
    let mut lines = vec![said(fill(Va::Heading.text(lang), &[("office", &office)]))];
    lines.extend(compared.chains.iter().map(|c| chain_line(c, lang)));
    if !compared.anything_held {
        lines.push(said(fill(
            Va::NothingHeld.text(lang),
            &[("office", &office)],
        )));
    }
    let rows: i64 = compared.chains.iter().map(|c| c.agreed).sum();
    let chains = compared.chains.len();
    let agrees = compared.agrees();
    let total = match agrees {
        true => {
            let pending: i64 = compared.chains.iter().map(|c| c.not_pushed).sum();
            fill(
                Va::TotalAgrees.text(lang),
                &[("chains", &chains), ("rows", &rows), ("pending", &pending)],
            )
        }
        false => {
            let differ = compared
                .chains
                .iter()
                .filter(|c| c.difference.is_some())
                .count();
            fill(
                Va::TotalDiffers.text(lang),
                &[("chains", &chains), ("differ", &differ), ("rows", &rows)],
            )
        }
    };
    lines.push(Line {
        text: total,
        failure: !agrees,
    });
    Report { lines, agrees }
}

fn chain_line(c: &ChainCompared, lang: Lang) -> Line {
    let chain = c.chain.name.text(lang);
    let table = c.chain.table;
    let text = match &c.difference {
        None if c.not_pushed == 0 => fill(
            Va::Agrees.text(lang),
            &[("chain", &chain), ("table", &table), ("rows", &c.agreed)],
        ),
        None => fill(
            Va::NotPushed.text(lang),
            &[
                ("chain", &chain),
                ("table", &table),
                ("rows", &c.agreed),
                ("pending", &c.not_pushed),
            ],
        ),
        Some(Difference::Row { pos, row_id, parts }) => {
            let mut what: Vec<String> = Vec::new();
            if parts.link {
                what.push(Va::WhatLink.text(lang).to_owned());
            }
            if parts.prev_link {
                what.push(Va::WhatPrevLink.text(lang).to_owned());
            }
            if let Some(held) = parts.held_row_id {
                what.push(fill(Va::WhatRowId.text(lang), &[("held", &held)]));
            }
            match &parts.content {
                None => {}
                Some(ContentDiff::Columns(columns)) if columns.is_empty() => {
                    what.push(Va::WhatContent.text(lang).to_owned());
                }
                Some(ContentDiff::Columns(columns)) => {
                    let columns = columns.join(Va::Separator.text(lang));
                    what.push(fill(Va::WhatColumns.text(lang), &[("columns", &columns)]));
                }
                Some(ContentDiff::GoneFromDesk) => {
                    what.push(Va::WhatGoneFromDesk.text(lang).to_owned());
                }
                Some(ContentDiff::NotHeld) => what.push(Va::WhatNotHeld.text(lang).to_owned()),
            }
            let what = what.join(Va::Separator.text(lang));
            fill(
                Va::Differs.text(lang),
                &[
                    ("chain", &chain),
                    ("table", &table),
                    ("pos", pos),
                    ("row", row_id),
                    ("what", &what),
                ],
            )
        }
        Some(Difference::MissingOnDesk { pos, row_id, count }) => fill(
            Va::MissingOnDesk.text(lang),
            &[
                ("chain", &chain),
                ("table", &table),
                ("pos", pos),
                ("row", row_id),
                ("count", count),
            ],
        ),
        Some(Difference::SkippedAtHeadOffice { pos, row_id }) => fill(
            Va::SkippedAtHeadOffice.text(lang),
            &[
                ("chain", &chain),
                ("table", &table),
                ("pos", pos),
                ("row", row_id),
            ],
        ),
    };
    Line {
        text,
        failure: c.difference.is_some(),
    }
}
