//! The lobby's visitor forms: in (REG-11: whom, surname, purpose, party, badge, plate), out
//! by badge, a correction with its reason (REG-4), and undoing an out pressed by mistake;
//! reading them and writing through the store. Every refusal names its field and keeps what
//! was typed.

use chrono::{DateTime, Utc};

use super::picker;
use super::text::Lobby;
use crate::domain::lobby::{
    Host, InsideNow, LobbyCorrection, LobbyError, LobbyField, LobbyProblem, LobbyVisitForm,
    LobbyVisitId, OccupantId, validate_lobby_visit,
};
use crate::domain::register::Plate;
use crate::domain::text::TextError;
use crate::i18n::{Lang, Msg, fill};
use crate::store::lobby::{Leaving, LeftVisit, LobbyError as StoreLobbyError, LobbyRefusal};
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{self, FieldKey, Form, Refusal};
use crate::ui::pane::View;
use crate::ui::said::Said;

/// Whom the visitor visits; also the directory's picker.
pub const HOST: FieldKey = FieldKey("host");
pub const PURPOSE: FieldKey = FieldKey("purpose");
pub const PARTY: FieldKey = FieldKey("party");
pub const BADGE: FieldKey = FieldKey("badge");
pub const PLATE: FieldKey = FieldKey("plate");
pub const REASON: FieldKey = FieldKey("reason");
pub const LEFT: FieldKey = FieldKey("left");

/// The longest reason a correction keeps (as the store's).
const REASON_MAX_CHARS: usize = 200;

/// What a lobby form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    In,
    Out(LobbyVisitId),
    OutByBadge,
    Correct(LobbyVisitId),
    BackIn,
    /// The directory's first step: whom to edit, or a new occupant.
    Directory,
    AddOccupant,
    EditOccupant(OccupantId),
}

impl Purpose {
    /// Whether the form has the host search picker the tick answers.
    pub fn searches_hosts(&self) -> bool {
        matches!(self, Purpose::In | Purpose::Directory)
    }
}

/// A write that went through: what to say, and the visitor to put the cursor on.
pub struct Written {
    pub said: Said,
    pub select: Option<LobbyVisitId>,
}

/// The visitor-in form, in the order of the conversation (004 篇3 四.4): whom they visit,
/// then their surname; the phrases for both show beside the fields as the cursor reaches
/// them. The host list is filled on the first tick.
pub fn visitor_in(view: &View) -> Form {
    let lang = view.lang;
    let mut form = Form::new(Purpose::In, Lobby::DlgIn.text(lang).into())
        .compact()
        .search(HOST, Lobby::FieldHost, Vec::<(Host, String)>::new())
        .text(form::NAME, Lobby::FieldName)
        .text(PURPOSE, Lobby::FieldPurpose)
        .text(PARTY, Lobby::FieldParty)
        .text(BADGE, Lobby::FieldBadge)
        .text(PLATE, Lobby::FieldPlate);
    let side = picker::panel(&form, lang);
    form.set_side(side);
    form
}

pub fn out_by_badge(view: &View) -> Form {
    Form::new(
        Purpose::OutByBadge,
        Lobby::DlgOutByBadge.text(view.lang).into(),
    )
    .text(BADGE, Lobby::FieldBadge)
}

/// A correction: the reason first, then the visit's fields as they read now (REG-4).
pub fn correct(view: &View, v: &InsideNow) -> Form {
    let title = fill(Lobby::DlgCorrect.text(view.lang), &[("name", &v.name)]);
    Form::new(Purpose::Correct(v.visit), title)
        .text(REASON, Lobby::FieldReason)
        .text_with(form::NAME, Lobby::FieldName, &v.name)
        .text_with(PURPOSE, Lobby::FieldPurpose, &v.purpose)
        .text_with(PARTY, Lobby::FieldParty, &v.party.to_string())
        .text_with(BADGE, Lobby::FieldBadge, v.badge.as_deref().unwrap_or(""))
        .text_with(PLATE, Lobby::FieldPlate, v.plate.as_deref().unwrap_or(""))
}

fn local_time(at: DateTime<Utc>, view: &View) -> String {
    let tz = view.shared.settings.timezone();
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// Undoing an out: which of today's exits, the latest first, and why.
pub fn back_in(view: &View, left: &[LeftVisit]) -> Form {
    let lang = view.lang;
    let options = left.iter().map(|l| {
        let label = fill(
            Lobby::LeftLabel.text(lang),
            &[
                ("time", &local_time(l.left, view)),
                ("name", &l.name),
                ("room", &l.host_room),
            ],
        );
        (l.visit, label)
    });
    Form::new(Purpose::BackIn, Lobby::DlgBackIn.text(lang).into())
        .hint(Lobby::BackInHint.text(lang))
        .choice(LEFT, Lobby::FieldLeft, options, None)
        .text(REASON, Lobby::FieldReason)
}

/// Does what a visitor form is for. `inside` and `left` are the pane's lists, for the names
/// the status line says.
pub fn submit(
    form: &Form,
    cx: &mut Context,
    purpose: &Purpose,
    inside: &[InsideNow],
    left: &[LeftVisit],
) -> Result<Written, Refusal> {
    let lang = cx.lang;
    match purpose {
        Purpose::In => {
            let host: Host = cx.choice_of(form, HOST)?;
            let typed = typed_visit(form, Some(host.id));
            let visit = validate_lobby_visit(&typed).map_err(|e| refuse(&e, lang))?;
            let id = cx
                .store
                .visitor_in(cx.operator.id, &visit, cx.now)
                .map_err(|e| lobby_refusal(e, cx))?;
            let said = Said::fill(
                Lobby::VisitorIn,
                [("name", visit.name), ("room", host.told_to_visitor())],
            );
            Ok(Written {
                said,
                select: Some(id),
            })
        }
        Purpose::Out(visit) => out(cx, Leaving::Visit(*visit), inside),
        Purpose::OutByBadge => {
            let badge = form.value(BADGE);
            out(cx, Leaving::Badge(&badge), inside).map_err(|(field, message)| {
                // A badge refusal is about what was typed: the cursor goes back there.
                (field.or(Some(BADGE)), message)
            })
        }
        Purpose::Correct(visit) => {
            let reason = cx.required(form, REASON, Lobby::FieldReason, REASON_MAX_CHARS)?;
            let Some(now) = inside.iter().find(|v| v.visit == *visit) else {
                let message = fill(
                    Lobby::ErrNoSuchVisit.text(lang),
                    &[("visit", &visit.0.to_string())],
                );
                return Err((None, message));
            };
            let typed = typed_visit(form, Some(OccupantId(0)));
            let fixed = validate_lobby_visit(&typed).map_err(|e| refuse(&e, lang))?;
            let correction = LobbyCorrection {
                name: (fixed.name != now.name).then(|| fixed.name.clone()),
                purpose: (fixed.purpose != now.purpose).then(|| fixed.purpose.clone()),
                party: (fixed.party != now.party).then_some(fixed.party),
                badge: (fixed.badge != now.badge).then(|| fixed.badge.clone()),
                plate: (fixed.plate.as_ref().map(Plate::as_str) != now.plate.as_deref())
                    .then(|| fixed.plate.clone()),
            };
            cx.store
                .correct_lobby_visit(cx.operator.id, *visit, &correction, &reason, cx.now)
                .map_err(|e| lobby_refusal(e, cx))?;
            Ok(Written {
                said: Said::fill(Lobby::Corrected, [("name", fixed.name)]),
                select: Some(*visit),
            })
        }
        Purpose::BackIn => {
            let visit: LobbyVisitId = cx.choice_of(form, LEFT)?;
            let reason = cx.required(form, REASON, Lobby::FieldReason, REASON_MAX_CHARS)?;
            let again = cx
                .store
                .visitor_back_in(cx.operator.id, visit, &reason, cx.now)
                .map_err(|e| lobby_refusal(e, cx))?;
            let name = left
                .iter()
                .find(|l| l.visit == visit)
                .map(|l| l.name.clone())
                .unwrap_or_default();
            Ok(Written {
                said: Said::fill(Lobby::BackIn, [("name", name)]),
                select: Some(again),
            })
        }
        Purpose::Directory | Purpose::AddOccupant | Purpose::EditOccupant(_) => Ok(Written {
            said: Said::verbatim(String::new()),
            select: None,
        }),
    }
}

/// Logs a visitor out and says who left after how long.
fn out(cx: &mut Context, leaving: Leaving<'_>, inside: &[InsideNow]) -> Result<Written, Refusal> {
    let visit = cx
        .store
        .visitor_out(cx.operator.id, leaving, cx.now)
        .map_err(|e| lobby_refusal(e, cx))?;
    let (name, arrived) = inside
        .iter()
        .find(|v| v.visit == visit)
        .map_or((String::new(), cx.now), |v| (v.name.clone(), v.arrived));
    let said = Said::fill(
        Lobby::VisitorOut,
        [("name", name), ("inside", how_long(cx.now - arrived))],
    );
    Ok(Written { said, select: None })
}

/// `1:05`: hours and minutes, as the list shows how long someone has been in.
pub fn how_long(d: chrono::Duration) -> String {
    let minutes = d.num_minutes().max(0);
    fill(
        Lobby::Duration.text(Lang::En),
        &[
            ("h", &(minutes / 60)),
            ("m", &format!("{:02}", minutes % 60)),
        ],
    )
}

fn typed_visit(form: &Form, host: Option<OccupantId>) -> LobbyVisitForm {
    LobbyVisitForm {
        name: form.value(form::NAME),
        host,
        purpose: form.value(PURPOSE),
        party: form.value(PARTY),
        badge: form.value(BADGE),
        plate: form.value(PLATE),
    }
}

fn key_of(field: LobbyField) -> FieldKey {
    match field {
        LobbyField::Name => form::NAME,
        LobbyField::Host => HOST,
        LobbyField::Purpose => PURPOSE,
        LobbyField::Party => PARTY,
        LobbyField::Badge => BADGE,
        LobbyField::Plate => PLATE,
    }
}

fn label_of(field: LobbyField) -> Msg {
    match field {
        LobbyField::Name => Lobby::FieldName,
        LobbyField::Host => Lobby::FieldHost,
        LobbyField::Purpose => Lobby::FieldPurpose,
        LobbyField::Party => Lobby::FieldParty,
        LobbyField::Badge => Lobby::FieldBadge,
        LobbyField::Plate => Lobby::FieldPlate,
    }
    .msg()
}

/// The first field at fault, with the cursor put on it.
fn refuse(errors: &[LobbyError], lang: Lang) -> Refusal {
    let Some(first) = errors.first() else {
        return (None, String::new());
    };
    let label = label_of(first.field);
    let message = match first.problem {
        LobbyProblem::Text(TextError::TooLong(max)) => fill(
            Lobby::ErrTooLong.text(lang),
            &[("field", &label.text(lang)), ("max", &max)],
        ),
        LobbyProblem::Text(e) => describe::text_error(label, e, lang),
        LobbyProblem::Required => fill(
            crate::ui::text::Ui::ErrRequired.text(lang),
            &[("field", &label.text(lang))],
        ),
        LobbyProblem::Party => Lobby::ErrParty.text(lang).to_owned(),
        LobbyProblem::Plate(_) => Lobby::ErrPlate.text(lang).to_owned(),
    };
    (Some(key_of(first.field)), message)
}

/// A lobby refusal in the clerk's words; the store's own trouble as every pane says it.
pub fn lobby_refusal(e: StoreLobbyError, cx: &Context) -> Refusal {
    let lang = cx.lang;
    let tz = cx.shared.settings.timezone();
    let r = match e {
        StoreLobbyError::Store(e) => return cx.refusal(e),
        StoreLobbyError::Refused(r) => r,
    };
    let t = |key: Lobby, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match r {
        LobbyRefusal::NoSuchVisit(v) => (None, t(Lobby::ErrNoSuchVisit, &[("visit", &v)])),
        LobbyRefusal::AlreadyLeft { at, .. } => (
            None,
            t(
                Lobby::ErrAlreadyLeft,
                &[("at", &describe::local_time(at, tz))],
            ),
        ),
        LobbyRefusal::UnknownBadge(badge) => {
            (Some(BADGE), t(Lobby::ErrUnknownBadge, &[("badge", &badge)]))
        }
        LobbyRefusal::BadgeTwice {
            badge,
            first,
            second,
        } => (
            Some(BADGE),
            t(
                Lobby::ErrBadgeTwice,
                &[("badge", &badge), ("first", &first), ("second", &second)],
            ),
        ),
        LobbyRefusal::BadgeInUse { badge, visit } => (
            Some(BADGE),
            t(
                Lobby::ErrBadgeInUse,
                &[("badge", &badge), ("visit", &visit)],
            ),
        ),
        LobbyRefusal::NoSuchOccupant(_) => (Some(HOST), t(Lobby::ErrNoSuchOccupant, &[])),
        LobbyRefusal::MovedOut(_) => (Some(HOST), t(Lobby::ErrMovedOut, &[])),
        LobbyRefusal::NothingToCorrect => (None, t(Lobby::ErrNothingToCorrect, &[])),
        LobbyRefusal::Reason(e) => (
            Some(REASON),
            describe::text_error(Lobby::FieldReason.msg(), e, lang),
        ),
        LobbyRefusal::StillInside(_) => (Some(LEFT), t(Lobby::ErrStillInside, &[])),
        LobbyRefusal::AlreadyBackIn { continued, .. } => (
            Some(LEFT),
            t(Lobby::ErrAlreadyBackIn, &[("continued", &continued)]),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_long_reads_hours_and_minutes() {
        assert_eq!(how_long(chrono::Duration::minutes(65)), "1:05");
        assert_eq!(how_long(chrono::Duration::minutes(-3)), "0:00");
        assert_eq!(how_long(chrono::Duration::hours(20)), "20:00");
    }
}
