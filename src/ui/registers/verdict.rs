//! The ownership panel beside a visit or call form, and the verdict sentence the record view
//! and the rotation's proposal reuse: what the registers say about the typed customer, with
//! the rules cited (REG-3, REG-5, REG-6, REG-9, ATT-004-6).

use ratatui::text::{Line, Span};

use super::text::Reg;
use crate::domain::register::{Match, NearMiss, Ownership, Possible, Register, Verdict};
use crate::i18n::{Lang, fill};
use crate::ui::pane::View;
use crate::ui::shared::Shared;
use crate::ui::theme::Theme;

/// Earlier registrations listed in the panel, newest first; the rest are counted.
const LISTED: usize = 6;

/// The panel before anything identifying is typed.
pub fn waiting(lang: Lang) -> Vec<Line<'static>> {
    vec![
        Line::styled(Reg::PanelTitle.text(lang).to_owned(), Theme::title()),
        Line::styled(Reg::PanelTypeIdentity.text(lang).to_owned(), Theme::dim()),
    ]
}

/// The verdict in one sentence, with the rules it applied.
pub fn sentence(found: &Ownership, shared: &Shared, lang: Lang) -> String {
    let date = |d: chrono::NaiveDate| d.format("%m-%d").to_string();
    let text = match &found.verdict {
        Verdict::New => Reg::VerdictNew.text(lang).to_owned(),
        Verdict::Returning(claim) => fill(
            Reg::VerdictReturning.text(lang),
            &[
                ("owner", &shared.name(claim.owner)),
                ("days", &claim.days_ago.to_string()),
                ("until", &date(claim.protected_until)),
            ],
        ),
        Verdict::Expired {
            last,
            unknowing_until,
        } => {
            let ended = fill(
                Reg::VerdictExpired.text(lang),
                &[
                    ("owner", &shared.name(last.owner)),
                    ("until", &date(last.protected_until)),
                ],
            );
            match unknowing_until {
                Some(until) => format!(
                    "{ended}; {}",
                    fill(
                        Reg::VerdictUnknowing.text(lang),
                        &[("until", &date(*until))]
                    )
                ),
                None => ended,
            }
        }
        Verdict::Conflict { holders } => {
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            let names: Vec<String> = holders.iter().map(|c| shared.name(c.owner)).collect();
            fill(
                Reg::VerdictConflict.text(lang),
                &[
                    ("holders", &names.join(sep)),
                    ("first", &names.first().cloned().unwrap_or_default()),
                ],
            )
        }
    };
    let ruled = found.ruled.as_ref().map_or_else(String::new, |r| {
        let date =
            r.at.with_timezone(&shared.settings.timezone())
                .format("%m-%d");
        format!(
            "; {}",
            fill(
                Reg::RuledBy.text(lang),
                &[
                    ("supervisor", &shared.name(r.supervisor)),
                    ("date", &date.to_string())
                ],
            )
        )
    });
    format!("{text} ({}){ruled}", found.rules.join(", "))
}

/// The whole panel: the verdict, which visit this is, the earlier registrations, the near
/// misses.
/// `visit` says which visit this is; a correction's panel leaves it out (the record is
/// among what was found).
pub fn lines(found: &Ownership, view: &View, visit: bool) -> Vec<Line<'static>> {
    let lang = view.lang;
    let shared = view.shared;
    let style = match found.verdict {
        Verdict::Returning(_) => Theme::warning(),
        Verdict::Conflict { .. } => Theme::error(),
        Verdict::Expired {
            unknowing_until: Some(_),
            ..
        } => Theme::warning(),
        _ => Theme::info(),
    };
    let mut out = vec![
        Line::styled(Reg::PanelTitle.text(lang).to_owned(), Theme::title()),
        Line::styled(sentence(found, shared, lang), style),
    ];
    if visit {
        out.push(Line::raw(fill(
            Reg::VisitNumber.text(lang),
            &[("n", &found.visit_number)],
        )));
    }
    if !found.matches.is_empty() {
        out.push(Line::styled(
            Reg::Earlier.text(lang).to_owned(),
            Theme::title(),
        ));
        for m in found.matches.iter().rev().take(LISTED) {
            out.push(match_line(m, shared, lang));
        }
        let more = found.matches.len().saturating_sub(LISTED);
        if more > 0 {
            out.push(Line::styled(
                fill(Reg::EarlierMore.text(lang), &[("n", &more)]),
                Theme::dim(),
            ));
        }
    }
    if !found.possible.is_empty() {
        out.push(Line::styled(
            Reg::Possible.text(lang).to_owned(),
            Theme::title(),
        ));
        for p in found.possible.iter().rev().take(LISTED) {
            out.push(possible_line(p, shared, lang));
        }
    }
    out
}

fn kind(register: Register, lang: Lang) -> &'static str {
    match register {
        Register::Visit => Reg::KindVisit.text(lang),
        Register::Call => Reg::KindCall.text(lang),
    }
}

/// "11-11 访 王芳 12天前 保护至12-05"
fn match_line(m: &Match, shared: &Shared, lang: Lang) -> Line<'static> {
    let w = &m.window;
    let status = if !m.evidence {
        Span::styled(Reg::NotEvidence.text(lang).to_owned(), Theme::dim())
    } else if w.is_protected() {
        Span::styled(
            fill(
                Reg::Protected.text(lang),
                &[("until", &w.protected_until.format("%m-%d"))],
            ),
            Theme::warning(),
        )
    } else {
        Span::styled(Reg::Lapsed.text(lang).to_owned(), Theme::dim())
    };
    Line::from(vec![
        Span::raw(format!(
            " {} {} {} {} ",
            w.registered_on.format("%y-%m-%d"),
            kind(m.register, lang),
            shared.name(m.salesperson),
            fill(Reg::DaysAgo.text(lang), &[("n", &w.days_ago)]),
        )),
        status,
    ])
}

fn possible_line(p: &Possible, shared: &Shared, lang: Lang) -> Line<'static> {
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let why: Vec<&str> = p
        .why
        .iter()
        .map(|w| match w {
            NearMiss::SameSurnameAndLast4 => Reg::WhySameSurnameLast4.text(lang),
            NearMiss::PhoneOneDigitOff => Reg::WhyOneDigitOff.text(lang),
            NearMiss::SamePlateOtherSurname => Reg::WhySamePlate.text(lang),
        })
        .collect();
    Line::styled(
        format!(
            " {} {} {} {}",
            p.at.with_timezone(&shared.settings.timezone())
                .format("%y-%m-%d"),
            kind(p.register, lang),
            shared.name(p.salesperson),
            why.join(sep)
        ),
        Theme::dim(),
    )
}
