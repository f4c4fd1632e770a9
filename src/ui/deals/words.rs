//! A deal's parts in words, for the list, the form's panel and the record alike: the split in
//! short form, where a deal stands, a question, a found registration, a proposal citing its
//! rule, and every refusal of a deal write.

use chrono::{DateTime, Utc};
use ratatui::text::Line;

use super::reasons::reason;
use super::text::Dl;
use crate::domain::attribution::{Bp, Party, Proposal, Question, Share, WHOLE};
use crate::domain::deal::{DealKind, DealProblem};
use crate::domain::register::{IdentityPart, Register};
use crate::domain::text;
use crate::i18n::{Lang, Msg, fill};
use crate::store::deals::{Candidate, DealError, DealView, Preview, Standing};
use crate::ui::shared::Shared;
use crate::ui::text::Ui;
use crate::ui::theme::Theme;

/// A share as the console shows it everywhere (`20%`, `20.50%`).
pub fn percent(bp: Bp) -> String {
    crate::domain::attribution::split::percent(bp)
}

/// A percentage as a supervisor types it — `20`, `20.5`, `33.33`, `２０％` — in basis
/// points; `None` for anything else, past 100 or with more than two decimals.
pub fn parse_percent(typed: &str) -> Option<Bp> {
    let folded = text::identifier(typed);
    let bare = folded.trim().trim_end_matches(['%', '％']).trim();
    let (whole, frac) = bare.split_once('.').unwrap_or((bare, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
        || whole.len() > 3
    {
        return None;
    }
    let bp = whole.parse::<Bp>().ok()? * 100 + format!("{frac:0<2}").parse::<Bp>().ok()?;
    (bp <= WHOLE).then_some(bp)
}

/// A party by name: a salesperson, the pool, a referrer.
pub fn party(p: Party, shared: &Shared, lang: Lang) -> String {
    match p {
        Party::Salesperson(id) => shared.name(id),
        Party::Pool => Ui::PartyPool.text(lang).to_owned(),
        Party::Referrer(id) => fill(Ui::PartyReferrer.text(lang), &[("name", &shared.name(id))]),
    }
}

/// `李娜 20% · 王芳 80%` (the console's one describer of a split), or "(none yet)".
pub fn shares(shares: &[Share], shared: &Shared, lang: Lang) -> String {
    if shares.is_empty() {
        return Dl::NoSplit.text(lang).to_owned();
    }
    crate::ui::describe::split(shares, lang, |id| shared.name(id))
}

/// Where a deal stands, short enough for the list's column: proposed, questions open,
/// ruling needed, confirmed / changed / ruled by whom, cancelled.
pub fn standing(view: &DealView, shared: &Shared, lang: Lang) -> String {
    let who = |by| shared.name(by);
    match view.standing() {
        Standing::Cancelled { .. } => Dl::StandingCancelled.text(lang).to_owned(),
        Standing::Settled { how, by, .. } => {
            let msg = match how {
                crate::domain::deal::EventKind::Changed => Dl::StandingChanged,
                crate::domain::deal::EventKind::Ruled => Dl::StandingRuled,
                _ => Dl::StandingConfirmed,
            };
            fill(msg.text(lang), &[("who", &who(by))])
        }
        Standing::Proposed { open: true, .. } => Dl::StandingNeeds.text(lang).to_owned(),
        Standing::Proposed {
            ruling_needed: true,
            ..
        } => Dl::StandingRuling.text(lang).to_owned(),
        Standing::Proposed { .. } => Dl::StandingProposed.text(lang).to_owned(),
    }
}

pub fn kind(kind: DealKind) -> Dl {
    match kind {
        DealKind::Customer => Dl::KindCustomer,
        DealKind::GroupPurchase => Dl::KindGroup,
        DealKind::Company => Dl::KindCompany,
    }
}

/// A question, citing its rule.
pub fn question(q: Question) -> Dl {
    match q {
        Question::Instigated => Dl::QInstigated,
        Question::DiscountOnly => Dl::QDiscountOnly,
        Question::ComplaintVerified => Dl::QComplaintVerified,
        Question::Forgot => Dl::QForgot,
        Question::CompanyArranged => Dl::QCompanyArranged,
        Question::NonSalesAfterSales => Dl::QNonSalesAfterSales,
        Question::Spouses => Dl::QSpouses,
        Question::OwnerConsented => Dl::QOwnerConsented,
        Question::LeaderDesignated => Dl::QLeaderDesignated,
    }
}

/// The rule a question is asked for.
pub fn question_rule(q: Question) -> &'static str {
    match q {
        Question::Instigated => "ATT-V-2",
        Question::DiscountOnly => "ATT-14-6",
        Question::ComplaintVerified => "ATT-14-4",
        Question::Forgot => "ATT-14-7",
        Question::CompanyArranged | Question::NonSalesAfterSales | Question::LeaderDesignated => {
            "ATT-V-3"
        }
        Question::Spouses => "ATT-V-5",
        Question::OwnerConsented => "ATT-004-4",
    }
}

/// A question's short label, for the picker that answers it (the panel says it in full).
pub fn question_label(q: Question) -> Dl {
    match q {
        Question::Instigated => Dl::LabelInstigated,
        Question::DiscountOnly => Dl::LabelDiscountOnly,
        Question::ComplaintVerified => Dl::LabelComplaintVerified,
        Question::Forgot => Dl::LabelForgot,
        Question::CompanyArranged => Dl::LabelCompanyArranged,
        Question::NonSalesAfterSales => Dl::LabelNonSalesAfterSales,
        Question::Spouses => Dl::LabelSpouses,
        Question::OwnerConsented => Dl::LabelOwnerConsented,
        Question::LeaderDesignated => Dl::LabelLeaderDesignated,
    }
}

/// Several questions on one line, each by its text.
pub fn questions(qs: &[Question], lang: Lang) -> String {
    let sep = if lang == Lang::Zh { ";" } else { "; " };
    qs.iter()
        .map(|q| question(*q).text(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The answers given, `ATT-004-4 Owner consented? yes`.
pub fn answers(given: &crate::domain::attribution::Answers, lang: Lang) -> Option<String> {
    use strum::IntoEnumIterator;
    let said: Vec<String> = Question::iter()
        .filter_map(|q| {
            let a = given.get(q)?;
            let word = if a { Dl::AnswerYes } else { Dl::AnswerNo };
            Some(format!(
                "{} {} {}",
                question_rule(q),
                question_label(q).text(lang),
                word.text(lang)
            ))
        })
        .collect();
    (!said.is_empty()).then(|| said.join(if lang == Lang::Zh { ";" } else { "; " }))
}

fn part(p: IdentityPart) -> Dl {
    match p {
        IdentityPart::FullName => Dl::PartFullName,
        IdentityPart::Phone => Dl::PartPhone,
        IdentityPart::PlateAndSurname => Dl::PartPlate,
    }
}

pub fn local(at: DateTime<Utc>, shared: &Shared) -> String {
    at.with_timezone(&shared.settings.timezone())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// One registration the REG-3 check found.
pub fn candidate(c: &Candidate, shared: &Shared, lang: Lang) -> String {
    let kind = match c.register {
        Register::Visit => Dl::CandVisit,
        Register::Call => Dl::CandCall,
    };
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let by: Vec<&str> = c.by.iter().map(|p| part(*p).text(lang)).collect();
    let state = if c.protected {
        Dl::CandProtected
    } else {
        Dl::CandLapsed
    };
    let date =
        c.at.with_timezone(&shared.settings.timezone())
            .format("%Y-%m-%d")
            .to_string();
    fill(
        Dl::PanelCandidate.text(lang),
        &[
            ("kind", &kind.text(lang)),
            ("id", &c.id),
            ("date", &date),
            ("who", &shared.name(c.salesperson)),
            ("by", &by.join(sep)),
            ("state", &state.text(lang)),
        ],
    )
}

/// A proposal in words: the rule and reason, the split or the questions, a ruling needed,
/// grabbing in red (ROT-14).
pub fn proposal_lines(p: &Proposal, shared: &Shared, lang: Lang) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(
        fill(
            Dl::PanelProposal.text(lang),
            &[("rule", &p.rule), ("reason", &reason(p.reason, lang))],
        ),
        Theme::title(),
    )];
    if !p.shares.is_empty() {
        out.push(Line::raw(fill(
            Dl::PanelShares.text(lang),
            &[("shares", &shares(&p.shares, shared, lang))],
        )));
    }
    if !p.needs.is_empty() {
        out.push(Line::styled(
            fill(
                Dl::PanelNeeds.text(lang),
                &[("questions", &questions(&p.needs, lang))],
            ),
            Theme::warning(),
        ));
    }
    if p.grabbing {
        out.push(Line::styled(
            Dl::PanelGrabbing.text(lang).to_owned(),
            Theme::error(),
        ));
    }
    if p.ruling_needed {
        out.push(Line::styled(
            Dl::PanelRulingNeeded.text(lang).to_owned(),
            Theme::warning(),
        ));
    }
    out
}

/// The policy preset by its name in the catalog.
pub fn policy(name: &str, lang: Lang) -> String {
    match name {
        "vanke" => Ui::PresetVanke.text(lang).to_owned(),
        "rules-14" => Ui::PresetRules14.text(lang).to_owned(),
        "004" => Ui::Preset004.text(lang).to_owned(),
        other => other.to_owned(),
    }
}

/// The panel beside the deal form: the unit's holder if sold, the registrations found, the
/// warning when name and phone lead to different people, and the proposal.
pub fn panel(preview: &Preview, shared: &Shared, lang: Lang) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(holder) = &preview.unit_holder {
        out.push(Line::styled(
            fill(
                Dl::PanelUnitSold.text(lang),
                &[
                    ("id", &holder.id),
                    ("date", &holder.deal_on),
                    ("buyers", &holder.buyers),
                ],
            ),
            Theme::error(),
        ));
    }
    if preview.candidates.is_empty() {
        out.push(Line::styled(
            Dl::PanelNoRegistration.text(lang).to_owned(),
            Theme::dim(),
        ));
    } else {
        out.push(Line::styled(
            Dl::PanelFound.text(lang).to_owned(),
            Theme::title(),
        ));
        // The newest few: the oldest decides, but it is in the record.
        let shown = preview.candidates.iter().rev().take(4).rev();
        out.extend(shown.map(|c| Line::raw(format!(" {}", candidate(c, shared, lang)))));
    }
    if preview.name_and_phone_differ {
        out.push(Line::styled(
            Dl::PanelDiffer.text(lang).to_owned(),
            Theme::warning(),
        ));
    }
    out.push(Line::default());
    out.extend(proposal_lines(&preview.proposal, shared, lang));
    out.push(Line::styled(
        fill(
            Dl::PanelPolicy.text(lang),
            &[("policy", &policy(&preview.policy.name, lang))],
        ),
        Theme::dim(),
    ));
    out
}

/// One problem of the deal form in words, naming the field.
pub fn problem(label: Msg, p: DealProblem, typed: &str, lang: Lang) -> String {
    let field = label.text(lang);
    match p {
        DealProblem::Text(e) => crate::ui::describe::text_error(label, e, lang),
        DealProblem::Phone(e) => crate::ui::registers::forms::phone_problem(label, e, lang),
        DealProblem::NotAnAmount => fill(Dl::ErrAmount.text(lang), &[("field", &field)]),
        DealProblem::NotPositive => fill(Dl::ErrNotPositive.text(lang), &[("field", &field)]),
        DealProblem::BelowDeposit => Dl::ErrBelowDeposit.text(lang).to_owned(),
        DealProblem::NotChosen => fill(Ui::ErrChoose.text(lang), &[("field", &field)]),
        DealProblem::InFuture => fill(Dl::ErrFuture.text(lang), &[("at", &typed)]),
        DealProblem::TooLongAgo => fill(
            Dl::ErrTooLongAgo.text(lang),
            &[("days", &crate::domain::deal::RECORD_WITHIN_DAYS)],
        ),
    }
}

/// A refused deal write in words (the store's own errors go through the shell's wording).
pub fn refused(e: &DealError, shared: &Shared, lang: Lang) -> String {
    match e {
        DealError::UnitSold(r) => fill(
            Dl::ErrUnitSold.text(lang),
            &[("id", &r.id), ("date", &r.deal_on), ("buyers", &r.buyers)],
        ),
        DealError::NoSuchDeal(id) => fill(Dl::ErrNoSuchDeal.text(lang), &[("id", id)]),
        DealError::Cancelled(id) => fill(Dl::ErrCancelled.text(lang), &[("id", id)]),
        DealError::AlreadySettled { deal, by, at } => fill(
            Dl::ErrAlreadySettled.text(lang),
            &[
                ("id", deal),
                ("who", &shared.name(*by)),
                ("at", &local(*at, shared)),
            ],
        ),
        DealError::ProposalChanged => Dl::ErrProposalChanged.text(lang).to_owned(),
        DealError::Unanswered(qs) => fill(
            Dl::ErrUnanswered.text(lang),
            &[("questions", &questions(qs, lang))],
        ),
        DealError::SharesNotWhole(sum) => fill(
            Dl::ErrSharesNotWhole.text(lang),
            &[("sum", &percent(*sum).trim_end_matches('%'))],
        ),
        DealError::Reason(t) => crate::ui::describe::text_error(Dl::FieldReason.msg(), *t, lang),
        DealError::Buyers(t) => crate::ui::describe::text_error(Dl::FieldNewBuyers.msg(), *t, lang),
        DealError::NothingToCorrect => Dl::ErrNothingToCorrect.text(lang).to_owned(),
        DealError::Store(s) => crate::ui::describe::store_error(s, shared, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deal::Unit;
    use crate::domain::staff::StaffId;
    use crate::store::deals::DealRecord;
    use chrono::TimeZone;

    #[test]
    fn every_refused_deal_write_is_said_in_both_languages_naming_what_it_is_about() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap();
        let first = DealRecord {
            id: 7,
            recorded_at: at,
            signed_at: at,
            deal_on: at.date_naive(),
            kind: DealKind::Customer,
            unit: Unit {
                building: "3栋".into(),
                room: "1201".into(),
            },
            buyers: "张伟".into(),
            phone: None,
            deposit_fen: 1,
            price_fen: None,
            closer: StaffId(1),
            grew_from: Vec::new(),
            replaces: None,
            operator: StaffId(1),
        };
        let shared = Shared::default();
        let cases: Vec<(DealError, &str)> = vec![
            (DealError::UnitSold(Box::new(first)), "#7"),
            (DealError::NoSuchDeal(8), "#8"),
            (DealError::Cancelled(9), "#9"),
            (
                DealError::AlreadySettled {
                    deal: 10,
                    by: StaffId(3),
                    at,
                },
                "11:30",
            ),
            (DealError::ProposalChanged, ""),
            (DealError::Unanswered(vec![Question::Spouses]), "ATT-V-5"),
            (DealError::SharesNotWhole(9_050), "90.50%"),
            (
                DealError::Reason(crate::domain::text::TextError::TooLong(200)),
                "200",
            ),
            (DealError::Buyers(crate::domain::text::TextError::Empty), ""),
            (DealError::NothingToCorrect, ""),
        ];
        for (e, names) in cases {
            let zh = refused(&e, &shared, Lang::Zh);
            let en = refused(&e, &shared, Lang::En);
            assert!(!zh.is_empty() && zh != en, "{e:?}: {zh} / {en}");
            assert!(
                zh.contains(names) && en.contains(names),
                "{e:?}: {zh} / {en}"
            );
        }
    }

    #[test]
    fn every_question_cites_the_rule_it_is_asked_for_in_both_languages() {
        use strum::IntoEnumIterator;
        for q in Question::iter() {
            for lang in [Lang::Zh, Lang::En] {
                let text = question(q).text(lang);
                assert!(text.starts_with(question_rule(q)), "{q:?}: {text}");
                assert!(!question_label(q).text(lang).is_empty());
            }
        }
    }

    #[test]
    fn a_percentage_as_typed_is_read_as_basis_points_and_shown_back_the_same() {
        assert_eq!(parse_percent("20"), Some(2000));
        assert_eq!(parse_percent("20.5"), Some(2050));
        assert_eq!(parse_percent("33.33%"), Some(3333));
        assert_eq!(parse_percent("２０％"), Some(2000));
        assert_eq!(parse_percent("100"), Some(WHOLE));
        assert_eq!(parse_percent("0"), Some(0));
        for bad in [
            "",
            "100.01",
            "101",
            "-5",
            "20.555",
            "abc",
            "1e2",
            ".5",
            "99999999999",
        ] {
            assert_eq!(parse_percent(bad), None, "{bad}");
        }
        assert_eq!(percent(2000), "20%");
        assert_eq!(percent(2050), "20.50%");
        assert_eq!(percent(3333), "33.33%");
        assert_eq!(percent(5), "0.05%");
    }
}
