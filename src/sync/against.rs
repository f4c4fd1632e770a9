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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::chain::{AUDIT, VISITS};
    use crate::sync::compare::Parts;

    fn compared(visits: ChainCompared) -> Compared {
        let audit = ChainCompared {
            chain: &AUDIT,
            agreed: 9,
            not_pushed: 0,
            difference: None,
        };
        Compared {
            chains: vec![audit, visits],
            anything_held: true,
        }
    }

    fn texts(report: &Report, failure: bool) -> Vec<&str> {
        report
            .lines
            .iter()
            .filter(|l| l.failure == failure)
            .map(|l| l.text.as_str())
            .collect()
    }

    #[test]
    fn rows_not_pushed_yet_agree_and_are_counted_in_the_total() {
        let report = report(
            &compared(ChainCompared {
                chain: &VISITS,
                agreed: 4,
                not_pushed: 3,
                difference: None,
            }),
            "东区",
            Lang::En,
        );
        assert!(report.agrees);
        assert!(texts(&report, true).is_empty());
        assert_eq!(
            texts(&report, false),
            [
                "Compared with the head office (office 东区):",
                "  audit trail (audit): agrees, 9 rows",
                "  visitor register (visits): 4 rows agree, 3 not pushed yet",
                "Agrees with the head office: 2 chains, 13 rows the same, 3 rows not pushed yet",
            ]
        );
    }

    #[test]
    fn a_differing_row_is_a_failure_line_naming_every_part_that_differs() {
        let parts = Parts {
            held_row_id: Some(18),
            link: true,
            prev_link: false,
            content: Some(ContentDiff::Columns(vec![
                "name".into(),
                "full_name".into(),
            ])),
        };
        let visits = ChainCompared {
            chain: &VISITS,
            agreed: 2,
            not_pushed: 0,
            difference: Some(Difference::Row {
                pos: 3,
                row_id: 17,
                parts,
            }),
        };
        let report = report(&compared(visits), "东区", Lang::Zh);
        assert!(!report.agrees);
        assert_eq!(
            texts(&report, true),
            [
                "  来访客户登记(visits):链位置 3(第 17 行)与总部不同:链接、行号(总部为第 18 行)、内容(name、full_name)",
                "与总部不一致:2 条证据链中有 1 条不同,11 行相同",
            ]
        );
    }

    #[test]
    fn rows_the_desk_lacks_and_a_row_gone_from_its_table_are_said_apart() {
        let missing = ChainCompared {
            chain: &VISITS,
            agreed: 3,
            not_pushed: 0,
            difference: Some(Difference::MissingOnDesk {
                pos: 4,
                row_id: 20,
                count: 2,
            }),
        };
        let report_missing = report(&compared(missing), "东区", Lang::En);
        assert!(texts(&report_missing, true)[0].starts_with(
            "  visitor register (visits): missing on the desk: the head office holds 2 rows from link 4 (row 20) on"
        ));
        let gone = ChainCompared {
            chain: &VISITS,
            agreed: 0,
            not_pushed: 0,
            difference: Some(Difference::Row {
                pos: 1,
                row_id: 5,
                parts: Parts {
                    content: Some(ContentDiff::GoneFromDesk),
                    ..Parts::default()
                },
            }),
        };
        let report_gone = report(&compared(gone), "东区", Lang::En);
        assert_eq!(
            texts(&report_gone, true)[0],
            "  visitor register (visits): differs from the head office at link 1, row 5: the content (the desk's table no longer has the row)"
        );
    }

    #[test]
    fn a_head_office_holding_nothing_for_the_office_is_pointed_out() {
        let mut nothing = compared(ChainCompared {
            chain: &VISITS,
            agreed: 0,
            not_pushed: 2,
            difference: None,
        });
        nothing.anything_held = false;
        let report = report(&nothing, "东去", Lang::Zh);
        assert!(report.agrees, "nothing held is nothing differing");
        assert!(
            texts(&report, false)
                .contains(&"注意:总部没有办事处 东去 的任何记录,请核对办事处名称(--office)"),
            "{:?}",
            report.lines
        );
    }
}
