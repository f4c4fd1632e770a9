//! The deals pane's forms and what submitting them does: a deal recorded with the proposal
//! beside it as the clerk types (issue 17), the questions the proposal turns on, and the
//! supervisor's confirmation, change, written ruling and cancellation, and the clerk's
//! correction of the buyers' names.

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeZone, Utc};
use strum::IntoEnumIterator;

use super::text::Dl;
use super::words;
use crate::domain::attribution::{Answers, Party, Question, Share};
use crate::domain::deal::{self, Deal, DealField, DealForm, DealId, DealKind, DealProblem};
use crate::domain::register::{CustomerName, Phone, Register};
use crate::domain::staff::{Role, StaffId};
use crate::i18n::{Msg, fill};
use crate::store::deals::{Candidate, DealError, DealView, Override, Preview};
use crate::store::{self, Store};
use crate::ui::context::Context;
use crate::ui::form::{FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::{Done, View};
use crate::ui::registers::forms::phone_check;
use crate::ui::said::Said;

pub const SIGNED_AT: Text = Text("signed_at");
pub const BUILDING: Text = Text("building");
pub const ROOM: Text = Text("room");
pub const BUYERS: Text = Text("buyers");
pub const PHONE: Text = Text("phone");
pub const DEPOSIT: Text = Text("deposit");
pub const PRICE: Text = Text("price");
pub const REASON: Text = Text("reason");
pub const NEW_BUYERS: Text = Text("new_buyers");
/// The share fields of a change or ruling, one per party row.
pub const SHARES: [Text; 3] = [Text("share_1"), Text("share_2"), Text("share_3")];
const PARTY_LABELS: [Dl; 3] = [Dl::FieldParty1, Dl::FieldParty2, Dl::FieldParty3];
const SHARE_LABELS: [Dl; 3] = [Dl::FieldShare1, Dl::FieldShare2, Dl::FieldShare3];

/// The deal form's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealLists {
    pub kind: Pick<DealKind>,
    pub closer: Pick<Option<StaffId>>,
    /// The closer's registration of the buyer the deal grew from, as the clerk confirms it
    /// from those the REG-3 check found: the case reads the closer's reception from it.
    pub grew_from: Pick<Option<(Register, i64)>>,
}

/// What the questions are asked about: a deal not yet recorded (the form just submitted),
/// or one recorded, proposed again with the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    New {
        deal: Box<Deal>,
        replaces: Option<DealId>,
        answers: Answers,
    },
    Recorded {
        deal: Box<Deal>,
        id: DealId,
        replaces: Option<DealId>,
        answers: Answers,
    },
}

impl Asked {
    fn answers(&self) -> Answers {
        match self {
            Asked::New { answers, .. } | Asked::Recorded { answers, .. } => *answers,
        }
    }
}

/// What a deals form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Record {
        lists: DealLists,
        replaces: Option<DealId>,
    },
    Questions {
        asked: Asked,
        picks: Vec<(Question, Pick<Option<bool>>)>,
    },
    Confirm {
        deal: DealId,
        proposal_event: i64,
        supervisor: Pick<StaffId>,
    },
    Split {
        deal: DealId,
        how: Override,
        parties: Vec<Pick<Option<Party>>>,
        supervisor: Pick<StaffId>,
    },
    Cancel {
        deal: DealId,
        supervisor: Pick<StaffId>,
    },
    Correct {
        deal: DealId,
    },
}

fn local(at: DateTime<Utc>, view: &View) -> String {
    words::local(at, view.shared)
}

/// The active salespeople after a "(choose)" that stands for nobody.
fn closers(view: &View, keep: Option<StaffId>) -> Vec<(Option<StaffId>, String)> {
    let mut out = vec![(None, Dl::Choose.text(view.lang).to_owned())];
    out.extend(
        view.shared
            .active(Role::Salesperson)
            .map(|s| (Some(s.id), s.name.clone())),
    );
    if let Some(id) = keep.filter(|id| !out.iter().any(|(p, _)| *p == Some(*id))) {
        out.push((Some(id), view.shared.name(id)));
    }
    out
}

/// A deposit's shape, said as the clerk leaves the field.
fn deposit_check(text: &str) -> Option<Said> {
    let p = deal::amount(text).err()?;
    Some(Said::new(move |lang| {
        words::problem(Dl::FieldDeposit.msg(), p, "", lang)
    }))
}

fn price_check(text: &str) -> Option<Said> {
    if crate::domain::text::sanitize(text).is_empty() {
        return None;
    }
    let p = deal::amount(text).err()?;
    Some(Said::new(move |lang| {
        words::problem(Dl::FieldPrice.msg(), p, "", lang)
    }))
}

fn time_check(text: &str) -> Option<Said> {
    let text = normalised_time(text);
    let reads = NaiveTime::parse_from_str(&text, "%H:%M").is_ok()
        || NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M").is_ok()
        || NaiveDateTime::parse_from_str(&format!("2000-{text}"), "%Y-%m-%d %H:%M").is_ok();
    (!reads).then(|| Said::fill(Dl::ErrTime, [("text", text)]))
}

fn normalised_time(text: &str) -> String {
    crate::domain::text::ascii_digits(text)
        .replace('/', "-")
        .replace('：', ":")
        .trim()
        .to_owned()
}

/// The signing time as typed: `14:30` (today), `11-20 14:30` or `2026-11-20 14:30`, in the
/// office's time zone. Whether it is in the future or too long ago the domain's check says.
fn signed_at(typed: &str, now: DateTime<Utc>, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = normalised_time(typed);
    let today = now.with_timezone(&tz).date_naive();
    let local = NaiveTime::parse_from_str(&text, "%H:%M")
        .map(|t| today.and_time(t))
        .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(
                &format!("{}-{text}", today.format("%Y")),
                "%Y-%m-%d %H:%M",
            )
        })
        .ok()?;
    let at = tz
        .from_local_datetime(&local)
        .earliest()?
        .with_timezone(&Utc);
    // The field shows minutes and was filled when the form opened: this very minute is now.
    if (at - now).num_seconds().abs() < 60 {
        return Some(now);
    }
    Some(at)
}

/// The deal form; from a cancelled deal (换房, `replaces`) the buyers, phone, kind and closer
/// are put in.
pub fn record(view: &View, replaces: Option<&DealView>) -> Form {
    let lang = view.lang;
    let lists = DealLists {
        kind: Pick::new("kind"),
        closer: Pick::new("closer"),
        grew_from: Pick::new("grew_from"),
    };
    let title = match replaces {
        Some(old) => fill(Dl::DlgRecordReplacing.text(lang), &[("id", &old.record.id)]),
        None => Dl::DlgRecord.text(lang).to_owned(),
    };
    let kinds = DealKind::iter().map(|k| (k, words::kind(k).msg()));
    let old = replaces.map(|v| &v.record);
    let mut form = Form::new(
        Purpose::Record {
            lists: lists.clone(),
            replaces: old.map(|r| r.id),
        },
        title,
    )
    .compact()
    .hint(Dl::RecordHint.text(lang).to_owned())
    .text_with(SIGNED_AT, Dl::FieldSignedAt, &local(view.now, view))
    .required()
    .checked(time_check)
    .choice_said(
        &lists.kind,
        Dl::FieldKind,
        kinds,
        Some(old.map_or(DealKind::Customer, |r| r.kind)),
        lang,
    )
    .text(BUILDING, Dl::FieldBuilding)
    .required()
    .text(ROOM, Dl::FieldRoom)
    .required()
    .text(BUYERS, Dl::FieldBuyers)
    .required()
    .text(PHONE, Dl::FieldPhone)
    .checked(phone_check)
    .text(DEPOSIT, Dl::FieldDeposit)
    .required()
    .checked(deposit_check)
    .text(PRICE, Dl::FieldPrice)
    .checked(price_check)
    .choice(
        &lists.closer,
        Dl::FieldCloser,
        closers(view, old.map(|r| r.closer)),
        Some(old.map(|r| r.closer)),
    )
    .choice(
        &lists.grew_from,
        Dl::FieldGrewFrom,
        grew_from_options(&[], None, view),
        None,
    );
    if let Some(old) = replaces {
        form = form
            .opened_with(BUYERS, old.buyers())
            .opened_with(PHONE, old.record.phone.as_deref().unwrap_or(""))
            .focus(BUILDING);
    }
    form.set_side(vec![ratatui::text::Line::styled(
        Dl::PanelWaiting.text(lang).to_owned(),
        crate::ui::theme::Theme::dim(),
    )]);
    form
}

/// The closer's registrations of the buyer among those found, newest first, after "(none)":
/// what the deal may have grown from.
fn grew_from_options(
    found: &[Candidate],
    closer: Option<StaffId>,
    view: &View,
) -> Vec<(Option<(Register, i64)>, String)> {
    let lang = view.lang;
    let mut out = vec![(None, Dl::GrewFromNone.text(lang).to_owned())];
    out.extend(
        found
            .iter()
            .filter(|c| Some(c.salesperson) == closer)
            .rev()
            .map(|c| {
                (
                    Some((c.register, c.id)),
                    words::candidate(c, view.shared, lang),
                )
            }),
    );
    out
}

/// The deal form as typed; `lenient` fills what is missing with stand-ins so the panel can
/// propose as soon as the buyers and the closer are there.
fn typed(form: &Form, lists: &DealLists, view: &View, lenient: bool) -> Option<DealForm> {
    let tz = view.shared.settings.timezone();
    let at = signed_at(&form.value(SIGNED_AT), view.now, tz);
    let at = if lenient { at.or(Some(view.now)) } else { at }?;
    let or = |key: Text, stand_in: &str| {
        let v = form.value(key);
        if lenient && v.is_empty() {
            stand_in.to_owned()
        } else {
            v
        }
    };
    let deposit = form.value(DEPOSIT);
    let deposit = if lenient && deal::amount(&deposit).is_err() {
        "1".to_owned()
    } else {
        deposit
    };
    let price = form.value(PRICE);
    let price = if lenient && !price.is_empty() && deal::amount(&price).is_err() {
        String::new()
    } else {
        price
    };
    Some(DealForm {
        signed_at: at,
        kind: form.chosen(&lists.kind).unwrap_or(DealKind::Customer),
        building: or(BUILDING, "?"),
        room: or(ROOM, "?"),
        buyers: form.value(BUYERS),
        phone: if lenient && Phone::parse(&form.value(PHONE)).is_err() {
            String::new()
        } else {
            form.value(PHONE)
        },
        deposit,
        price,
        closer: form.chosen(&lists.closer).flatten(),
        grew_from: form
            .chosen(&lists.grew_from)
            .flatten()
            .into_iter()
            .collect(),
    })
}

/// Proposes again when the deal form or the questions changed (after every key, once per
/// change), and puts what was found and proposed beside the fields.
pub fn watch(form: &mut Form, store: &Store, view: &View) -> store::Result<()> {
    let Some(purpose) = form.purpose::<Purpose>() else {
        return Ok(());
    };
    let lang = view.lang;
    match purpose {
        Purpose::Record { lists, replaces } => {
            if !form.take_change() {
                return Ok(());
            }
            let tz = view.shared.settings.timezone();
            let checked =
                typed(form, &lists, view, true).and_then(|f| deal::check(&f, view.now, tz).ok());
            let lines = match checked {
                Some(deal) => {
                    let preview =
                        store.preview_deal(&deal, Answers::default(), replaces, view.now)?;
                    let options = grew_from_options(&preview.candidates, Some(deal.closer), view);
                    form.set_options(&lists.grew_from, options);
                    words::panel(&preview, view.shared, lang)
                }
                None => vec![ratatui::text::Line::styled(
                    Dl::PanelWaiting.text(lang).to_owned(),
                    crate::ui::theme::Theme::dim(),
                )],
            };
            form.set_side(lines);
        }
        Purpose::Questions { asked, picks } => {
            if !form.take_change() {
                return Ok(());
            }
            let answers = answered(form, &asked, &picks);
            let preview = preview_of(store, &asked, answers, view.now)?;
            form.set_side(words::panel(&preview, view.shared, lang));
        }
        _ => {}
    }
    Ok(())
}

fn preview_of(
    store: &Store,
    asked: &Asked,
    answers: Answers,
    now: DateTime<Utc>,
) -> store::Result<Preview> {
    match asked {
        Asked::New { deal, replaces, .. } => store.preview_deal(deal, answers, *replaces, now),
        Asked::Recorded { deal, replaces, .. } => {
            let mut preview = store.preview_deal(deal, answers, *replaces, now)?;
            // The deal holds its own unit.
            preview.unit_holder = None;
            Ok(preview)
        }
    }
}

/// The answers so far with those the form holds.
fn answered(form: &Form, asked: &Asked, picks: &[(Question, Pick<Option<bool>>)]) -> Answers {
    let mut answers = asked.answers();
    for (q, pick) in picks {
        if let Some(a) = form.chosen(pick) {
            answers.set(*q, a);
        }
    }
    answers
}

/// The questions the proposal turns on, each yes / no / answer later, the proposal again
/// beside them as they are answered.
pub fn questions(view: &View, asked: Asked, needs: &[Question], title: String) -> Form {
    let lang = view.lang;
    let picks: Vec<(Question, Pick<Option<bool>>)> = needs
        .iter()
        .map(|q| (*q, Pick::new(question_key(*q))))
        .collect();
    let current = asked.answers();
    let hint = match asked {
        Asked::New { .. } => Dl::QuestionsHintNew,
        Asked::Recorded { .. } => Dl::QuestionsHint,
    };
    let mut form = Form::new((), title)
        .compact()
        .hint(hint.text(lang).to_owned());
    for (q, pick) in &picks {
        let options = [
            (None, Dl::AnswerLater.msg()),
            (Some(true), Dl::AnswerYes.msg()),
            (Some(false), Dl::AnswerNo.msg()),
        ];
        form = form.choice_said(
            pick,
            words::question_label(*q),
            options,
            Some(current.get(*q)),
            lang,
        );
    }
    form.for_purpose(Purpose::Questions { asked, picks })
}

fn question_key(q: Question) -> &'static str {
    match q {
        Question::Instigated => "q_instigated",
        Question::DiscountOnly => "q_discount_only",
        Question::ComplaintVerified => "q_complaint_verified",
        Question::Forgot => "q_forgot",
        Question::CompanyArranged => "q_company_arranged",
        Question::NonSalesAfterSales => "q_non_sales_after_sales",
        Question::Spouses => "q_spouses",
        Question::OwnerConsented => "q_owner_consented",
        Question::LeaderDesignated => "q_leader_designated",
    }
}

/// A recorded deal as the checked deal it was recorded from, to propose it again.
pub fn deal_of(view: &DealView) -> Option<Deal> {
    let r = &view.record;
    let buyers = deal::Buyers::parse(view.buyers())
        .or_else(|_| deal::Buyers::parse(&r.buyers))
        .ok()?;
    Some(Deal {
        signed_at: r.signed_at,
        deal_on: r.deal_on,
        kind: r.kind,
        unit: r.unit.clone(),
        buyers,
        phone: r.phone.as_deref().and_then(|p| Phone::from_stored(p).ok()),
        deposit_fen: r.deposit_fen,
        price_fen: r.price_fen,
        closer: r.closer,
        grew_from: r.grew_from.clone(),
    })
}

/// The questions of a recorded deal's newest proposal, to answer now.
pub fn answer_later(view: &View, deal: &DealView) -> Result<Form, Said> {
    let proposal = deal.proposal().and_then(|p| p.proposal.as_ref());
    let Some(detail) = proposal.filter(|d| !d.needs.is_empty()) else {
        return Err(Said::msg(Dl::ErrNoQuestions));
    };
    let Some(checked) = deal_of(deal) else {
        return Err(Said::msg(Dl::ErrNoQuestions));
    };
    let id = deal.record.id;
    let asked = Asked::Recorded {
        deal: Box::new(checked),
        id,
        replaces: deal.record.replaces,
        answers: detail.answers,
    };
    let title = fill(Dl::DlgQuestionsOf.text(view.lang), &[("id", &id)]);
    Ok(questions(view, asked, &detail.needs, title))
}

/// The supervisor confirms the proposal shown (its event id travels with the form).
pub fn confirm(view: &View, deal: &DealView) -> Result<Form, Said> {
    let Some(proposal) = deal.proposal() else {
        return Err(Said::msg(Dl::ErrNoProposal));
    };
    if let Some(detail) = &proposal.proposal
        && !detail.needs.is_empty()
    {
        let needs = detail.needs.clone();
        return Err(Said::new(move |lang| {
            fill(
                Dl::ErrUnanswered.text(lang),
                &[("questions", &words::questions(&needs, lang))],
            )
        }));
    }
    let lang = view.lang;
    let id = deal.record.id;
    let supervisor = Pick::new("supervisor");
    let hint = format!(
        "{} {} → {}",
        proposal.rule.as_deref().unwrap_or(""),
        super::reasons::reason(proposal.reason.as_deref().unwrap_or(""), lang),
        words::shares(&proposal.shares, view.shared, lang)
    );
    let form = Form::new(
        Purpose::Confirm {
            deal: id,
            proposal_event: proposal.id,
            supervisor: supervisor.clone(),
        },
        fill(Dl::DlgConfirm.text(lang), &[("id", &id)]),
    )
    .hint(hint);
    Ok(view.approval(form, &supervisor))
}

/// The parties a supervisor may give a share: the active salespeople, the pool, and anyone
/// the split names already (a referrer, a salesperson who has left).
fn parties(view: &View, current: &[Share]) -> Vec<(Option<Party>, String)> {
    let lang = view.lang;
    let mut out = vec![(None, Dl::PartyNobody.text(lang).to_owned())];
    out.extend(
        view.shared
            .active(Role::Salesperson)
            .map(|s| (Some(Party::Salesperson(s.id)), s.name.clone())),
    );
    out.push((
        Some(Party::Pool),
        words::party(Party::Pool, view.shared, lang),
    ));
    for s in current {
        if !out.iter().any(|(p, _)| *p == Some(s.party)) {
            out.push((Some(s.party), words::party(s.party, view.shared, lang)));
        }
    }
    out
}

/// A change of the split with a reason, or a dispute's written ruling: up to three parties
/// with their percentages, starting from the split as it stands.
pub fn split(view: &View, deal: &DealView, how: Override) -> Form {
    let lang = view.lang;
    let id = deal.record.id;
    let current = deal.shares();
    let (title, reason_label) = match how {
        Override::Change => (Dl::DlgChange, Dl::FieldReason),
        Override::Ruling => (Dl::DlgRuling, Dl::FieldRuling),
    };
    let picks: Vec<Pick<Option<Party>>> = ["party_1", "party_2", "party_3"]
        .into_iter()
        .map(Pick::new)
        .collect();
    let supervisor = Pick::new("supervisor");
    let options = parties(view, current);
    let mut form = Form::new((), fill(title.text(lang), &[("id", &id)]))
        .compact()
        .hint(Dl::SharesHint.text(lang).to_owned());
    for (i, pick) in picks.iter().enumerate() {
        let share = current.get(i);
        form = form
            .choice(
                pick,
                PARTY_LABELS[i],
                options.clone(),
                Some(share.map(|s| s.party)),
            )
            .text_with(
                SHARES[i],
                SHARE_LABELS[i],
                &share
                    .map(|s| words::percent(s.bp).trim_end_matches('%').to_owned())
                    .unwrap_or_default(),
            );
    }
    let form = form
        .text(REASON, reason_label)
        .required()
        .for_purpose(Purpose::Split {
            deal: id,
            how,
            parties: picks,
            supervisor: supervisor.clone(),
        });
    view.approval(form, &supervisor)
}

pub fn cancel(view: &View, deal: &DealView) -> Form {
    let lang = view.lang;
    let id = deal.record.id;
    let supervisor = Pick::new("supervisor");
    let form = Form::new(
        Purpose::Cancel {
            deal: id,
            supervisor: supervisor.clone(),
        },
        fill(Dl::DlgCancel.text(lang), &[("id", &id)]),
    )
    .hint(format!("{} {}", deal.record.unit, deal.buyers()))
    .text(REASON, Dl::FieldCancelReason)
    .required();
    view.approval(form, &supervisor)
}

pub fn correct(view: &View, deal: &DealView) -> Form {
    let id = deal.record.id;
    Form::new(
        Purpose::Correct { deal: id },
        fill(Dl::DlgCorrect.text(view.lang), &[("id", &id)]),
    )
    .text_with(NEW_BUYERS, Dl::FieldNewBuyers, deal.buyers())
    .required()
    .text(REASON, Dl::FieldReason)
    .required()
}

/// A refused deal write: the store's own failures as the shell words them (another desk
/// busy is tried again), the deal's refusals in the pane's words, at `field` if given.
fn refusal(e: DealError, cx: &Context, field: Option<FieldName>) -> Refusal {
    match e {
        DealError::Store(s) => cx.refusal(s),
        other => {
            let said = Said::in_both(|lang| words::refused(&other, cx.shared, lang));
            Refusal::Refused { field, said }
        }
    }
}

fn field_of(field: DealField, lists: &DealLists) -> (FieldName, Msg) {
    match field {
        DealField::SignedAt => (SIGNED_AT.into(), Dl::FieldSignedAt.msg()),
        DealField::Building => (BUILDING.into(), Dl::FieldBuilding.msg()),
        DealField::Room => (ROOM.into(), Dl::FieldRoom.msg()),
        DealField::Buyers => (BUYERS.into(), Dl::FieldBuyers.msg()),
        DealField::Phone => (PHONE.into(), Dl::FieldPhone.msg()),
        DealField::Deposit => (DEPOSIT.into(), Dl::FieldDeposit.msg()),
        DealField::Price => (PRICE.into(), Dl::FieldPrice.msg()),
        DealField::Closer => ((&lists.closer).into(), Dl::FieldCloser.msg()),
    }
}

/// The first problem of the form, with the cursor on its field, and how many more.
fn refuse_problems(
    problems: &[(DealField, DealProblem)],
    lists: &DealLists,
    form: &Form,
) -> Refusal {
    let Some((field, problem)) = problems.first().copied() else {
        return Refusal::said(Said::verbatim(String::new()));
    };
    let (name, label) = field_of(field, lists);
    let more = problems.len() - 1;
    let typed_at = form.value(SIGNED_AT);
    let said = Said::new(move |lang| {
        let mut text = words::problem(label, problem, &typed_at, lang);
        if more > 0 {
            text.push(' ');
            text.push_str(&fill(Dl::ErrMore.text(lang), &[("n", &more)]));
        }
        text
    });
    Refusal::at(name, said)
}

/// Records what the deal form holds, or asks the proposal's questions first.
pub fn submit_record(
    form: &Form,
    lists: &DealLists,
    replaces: Option<DealId>,
    cx: &mut Context,
) -> Result<Done, Refusal> {
    let view = cx.view();
    let Some(typed) = typed(form, lists, &view, false) else {
        let text = normalised_time(&form.value(SIGNED_AT));
        return Err(Refusal::at(
            SIGNED_AT,
            Said::fill(Dl::ErrTime, [("text", text)]),
        ));
    };
    let tz = cx.shared.settings.timezone();
    let checked = deal::check(&typed, cx.now, tz).map_err(|p| refuse_problems(&p, lists, form))?;
    let preview = cx
        .store
        .preview_deal(&checked, Answers::default(), replaces, cx.now)
        .map_err(|e| cx.refusal(e))?;
    if let Some(holder) = preview.unit_holder {
        return Err(refusal(
            DealError::UnitSold(Box::new(holder)),
            cx,
            Some(BUILDING.into()),
        ));
    }
    if !preview.proposal.needs.is_empty() {
        let asked = Asked::New {
            deal: Box::new(checked),
            replaces,
            answers: Answers::default(),
        };
        let title = Dl::DlgQuestions.text(cx.lang).to_owned();
        let view = cx.view();
        return Ok(Done::default().then(questions(&view, asked, &preview.proposal.needs, title)));
    }
    record_now(&checked, Answers::default(), replaces, cx)
}

fn record_now(
    checked: &Deal,
    answers: Answers,
    replaces: Option<DealId>,
    cx: &mut Context,
) -> Result<Done, Refusal> {
    let recorded = cx
        .store
        .record_deal(cx.operator.id, checked, answers, replaces, cx.now)
        .map_err(|e| refusal(e, cx, Some(BUILDING.into())))?;
    Ok(Done::status(Said::fill(
        Dl::Recorded,
        [
            ("id", recorded.deal.to_string()),
            ("unit", checked.unit.to_string()),
            ("buyers", checked.buyers.text.clone()),
        ],
    )))
}

/// Records the answers: the new deal with them, or a recorded deal proposed again. When the
/// answers open a question not asked yet, it is asked next.
pub fn submit_questions(
    form: &Form,
    asked: &Asked,
    picks: &[(Question, Pick<Option<bool>>)],
    cx: &mut Context,
) -> Result<Done, Refusal> {
    let answers = answered(form, asked, picks);
    let preview = preview_of(cx.store, asked, answers, cx.now).map_err(|e| cx.refusal(e))?;
    let unasked: Vec<Question> = preview
        .proposal
        .needs
        .iter()
        .copied()
        .filter(|q| !picks.iter().any(|(p, _)| p == q))
        .collect();
    // The questions the answers opened, asked next under the same title.
    let again = |asked: Asked, cx: &Context| {
        let view = cx.view();
        let title = match &asked {
            Asked::New { .. } => Dl::DlgQuestions.text(cx.lang).to_owned(),
            Asked::Recorded { id, .. } => fill(Dl::DlgQuestionsOf.text(cx.lang), &[("id", id)]),
        };
        questions(&view, asked, &unasked, title)
    };
    match asked {
        Asked::New { deal, replaces, .. } => {
            let next = Asked::New {
                deal: deal.clone(),
                replaces: *replaces,
                answers,
            };
            if !unasked.is_empty() {
                return Ok(Done::default().then(again(next, cx)));
            }
            if let Some(holder) = preview.unit_holder {
                return Err(refusal(DealError::UnitSold(Box::new(holder)), cx, None));
            }
            record_now(deal, answers, *replaces, cx)
        }
        Asked::Recorded {
            deal, id, replaces, ..
        } => {
            cx.store
                .repropose_deal(cx.operator.id, *id, answers, cx.now)
                .map_err(|e| refusal(e, cx, None))?;
            let done = Done::status(Said::fill(Dl::Reproposed, [("id", id.to_string())]));
            if unasked.is_empty() {
                return Ok(done);
            }
            let next = Asked::Recorded {
                deal: deal.clone(),
                id: *id,
                replaces: *replaces,
                answers,
            };
            Ok(done.then(again(next, cx)))
        }
    }
}

pub fn submit_confirm(
    form: &Form,
    deal: DealId,
    proposal_event: i64,
    supervisor: &Pick<StaffId>,
    cx: &mut Context,
) -> Result<Done, Refusal> {
    let approval = cx.approve(form, supervisor)?;
    cx.store
        .confirm_deal(cx.operator.id, approval, deal, proposal_event, cx.now)
        .map_err(|e| refusal(e, cx, None))?;
    Ok(Done::status(Said::fill(
        Dl::Confirmed,
        [("id", deal.to_string())],
    )))
}

/// The shares typed: each row with a percentage needs a party; empty rows are skipped.
fn typed_shares(form: &Form, parties: &[Pick<Option<Party>>]) -> Result<Vec<Share>, Refusal> {
    let mut out: Vec<Share> = Vec::new();
    for (i, pick) in parties.iter().enumerate() {
        let text = form.value(SHARES[i]);
        let party = form.chosen(pick).flatten();
        if text.is_empty() {
            continue;
        }
        let label = SHARE_LABELS[i].msg();
        let Some(bp) = words::parse_percent(&text) else {
            return Err(Refusal::at(
                SHARES[i],
                Said::new(move |lang| {
                    fill(
                        Dl::ErrSharePercent.text(lang),
                        &[("field", &label.text(lang))],
                    )
                }),
            ));
        };
        let Some(party) = party else {
            let label = PARTY_LABELS[i].msg();
            return Err(Refusal::at(
                pick,
                Said::new(move |lang| {
                    fill(
                        Dl::ErrShareNoParty.text(lang),
                        &[("field", &label.text(lang))],
                    )
                }),
            ));
        };
        if bp == 0 {
            continue;
        }
        if out.iter().any(|s| s.party == party) {
            return Err(Refusal::at(pick, Said::msg(Dl::ErrShareTwice)));
        }
        out.push(Share { party, bp });
    }
    let sum: u32 = out.iter().map(|s| s.bp).sum();
    if sum != crate::domain::attribution::WHOLE {
        let sum = words::percent(sum).trim_end_matches('%').to_owned();
        return Err(Refusal::at(
            SHARES[0],
            Said::fill(Dl::ErrSharesNotWhole, [("sum", sum)]),
        ));
    }
    Ok(out)
}

pub fn submit_split(
    form: &Form,
    deal: DealId,
    how: Override,
    parties: &[Pick<Option<Party>>],
    supervisor: &Pick<StaffId>,
    cx: &mut Context,
) -> Result<Done, Refusal> {
    let shares = typed_shares(form, parties)?;
    let label = match how {
        Override::Change => Dl::FieldReason,
        Override::Ruling => Dl::FieldRuling,
    };
    let reason = cx.required(form, REASON, label, deal::REASON_MAX_CHARS)?;
    let approval = cx.approve(form, supervisor)?;
    cx.store
        .override_deal_split(
            cx.operator.id,
            approval,
            deal,
            how,
            &shares,
            &reason,
            cx.now,
        )
        .map_err(|e| refusal(e, cx, None))?;
    let done = match how {
        Override::Change => Dl::Changed,
        Override::Ruling => Dl::Ruled,
    };
    Ok(Done::status(Said::fill(done, [("id", deal.to_string())])))
}

pub fn submit_cancel(
    form: &Form,
    deal: DealId,
    supervisor: &Pick<StaffId>,
    cx: &mut Context,
) -> Result<Done, Refusal> {
    let reason = cx.required(form, REASON, Dl::FieldCancelReason, deal::REASON_MAX_CHARS)?;
    let approval = cx.approve(form, supervisor)?;
    let unit = cx
        .store
        .deal(deal)
        .map_err(|e| cx.refusal(e))?
        .map(|v| v.record.unit.to_string())
        .unwrap_or_default();
    cx.store
        .cancel_deal(cx.operator.id, approval, deal, &reason, cx.now)
        .map_err(|e| refusal(e, cx, None))?;
    Ok(Done::status(Said::fill(
        Dl::CancelledDone,
        [("id", deal.to_string()), ("unit", unit)],
    )))
}

pub fn submit_correct(form: &Form, deal: DealId, cx: &mut Context) -> Result<Done, Refusal> {
    let buyers = cx.required(form, NEW_BUYERS, Dl::FieldNewBuyers, deal::BUYERS_MAX_CHARS)?;
    // Each name as the registers read names, so a refusal names what is wrong before the write.
    if let Some(e) = buyers
        .split(['、', ',', '，', '/', ';', '；'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .find_map(|n| CustomerName::parse(n).err())
    {
        return Err(Refusal::at(
            NEW_BUYERS,
            Said::in_both(|lang| {
                crate::ui::describe::text_error(Dl::FieldNewBuyers.msg(), e, lang)
            }),
        ));
    }
    let reason = cx.required(form, REASON, Dl::FieldReason, deal::REASON_MAX_CHARS)?;
    cx.store
        .correct_deal_buyers(cx.operator.id, deal, &buyers, &reason, cx.now)
        .map_err(|e| match e {
            DealError::NothingToCorrect => refusal(e, cx, Some(NEW_BUYERS.into())),
            other => refusal(other, cx, None),
        })?;
    Ok(Done::status(Said::fill(
        Dl::CorrectedDone,
        [("id", deal.to_string())],
    )))
}
