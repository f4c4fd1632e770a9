//! The lobby's visitor forms: in (REG-11: whom, surname, purpose, party, badge, plate), out
//! by badge, a correction with its reason (REG-4), and undoing an out pressed by mistake;
//! reading them and writing through the store. Every refusal names its field and keeps what
//! was typed.

use chrono::{DateTime, Utc};

use super::picker;
use super::text::Lobby;
use crate::domain::lobby::parcel::{ParcelId, WaitingParcel};
use crate::domain::lobby::{
    Host, InsideNow, LobbyCorrection, LobbyError, LobbyField, LobbyProblem, LobbyVisitForm,
    LobbyVisitId, OccupantId, OccupantKind, validate_lobby_visit,
};
use crate::domain::register::Plate;
use crate::domain::staff::StaffId;
use crate::domain::text::TextError;
use crate::i18n::{Lang, Msg, fill};
use crate::store::lobby::{Leaving, LeftVisit, LobbyError as StoreLobbyError, LobbyRefusal};
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{self, FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::View;
use crate::ui::said::Said;

pub const PURPOSE: Text = Text("purpose");
pub const PARTY: Text = Text("party");
pub const BADGE: Text = Text("badge");
pub const PLATE: Text = Text("plate");
pub const REASON: Text = Text("reason");

/// The longest reason a correction keeps (as the store's).
pub(super) const REASON_MAX_CHARS: usize = crate::domain::lobby::parcel::REASON_MAX_CHARS;

/// What a lobby form is for, with the handles of its lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A visitor in: `host` is whom they visit.
    In {
        host: Pick<Host>,
    },
    /// An instant command: this visitor leaves.
    Out(LobbyVisitId),
    /// An instant command: the evacuation list, on screen and where the office sends it
    /// (issue 20 §4).
    Evacuation,
    OutByBadge,
    /// A correction of `visit`; `host` is whom they visit, `None` for unchanged.
    Correct {
        visit: LobbyVisitId,
        host: Pick<Option<Host>>,
        /// The picker's first option: "(as now: the room)".
        unchanged: String,
    },
    /// Undoing an out: `left` is which of today's exits.
    BackIn {
        left: Pick<LobbyVisitId>,
    },
    /// The directory's first step: whom to edit (`host`), or a new occupant (`None`).
    Directory {
        host: Pick<Option<Host>>,
    },
    AddOccupant {
        kind: Pick<OccupantKind>,
        supervisor: Pick<StaffId>,
    },
    EditOccupant {
        id: OccupantId,
        kind: Pick<OccupantKind>,
        active: Pick<bool>,
        supervisor: Pick<StaffId>,
    },
    /// A parcel taken in (issue 20 §6): `recipient` is for whom.
    TakeIn {
        recipient: Pick<Host>,
    },
    /// A waiting parcel collected; its carrier and room for what the status line says.
    Collect {
        parcel: ParcelId,
        carrier: String,
        room: String,
    },
    /// A correction of a waiting parcel, as it read when the form opened; `recipient` is
    /// for whom, `None` for unchanged.
    CorrectParcel {
        parcel: WaitingParcel,
        recipient: Pick<Option<Host>>,
        /// The picker's first option: "(as now: the room and recipient)".
        unchanged: String,
    },
    /// Undoing a collection recorded by mistake: `collected` is which of today's.
    UndoCollection {
        collected: Pick<ParcelId>,
    },
}

impl Purpose {
    /// Whether the form has the host search picker the watch answers.
    pub fn searches_hosts(&self) -> bool {
        matches!(
            self,
            Purpose::In { .. }
                | Purpose::Directory { .. }
                | Purpose::Correct { .. }
                | Purpose::TakeIn { .. }
                | Purpose::CorrectParcel { .. }
        )
    }

    /// The host picker of the form, where a refusal about the host puts the cursor.
    fn host_field(&self) -> Option<FieldName> {
        match self {
            Purpose::In { host } => Some(host.into()),
            Purpose::Correct { host, .. } => Some(host.into()),
            Purpose::TakeIn { recipient } => Some(recipient.into()),
            Purpose::CorrectParcel { recipient, .. } => Some(recipient.into()),
            _ => None,
        }
    }

    /// The picker of today's exits, where a refusal about the exit puts the cursor.
    fn left_field(&self) -> Option<FieldName> {
        match self {
            Purpose::BackIn { left } => Some(left.into()),
            Purpose::UndoCollection { collected } => Some(collected.into()),
            _ => None,
        }
    }
}

/// A write that went through: what to say, and the visitor to put the cursor on.
pub struct Written {
    pub said: Said,
    pub select: Option<LobbyVisitId>,
}

/// The visitor-in form, in the order of the conversation (004 篇3 四.4): whom they visit,
/// then their surname; the phrases for both show beside the fields as the cursor reaches
/// them. The host list is filled by the pane's answer as soon as the form is open. The
/// badge field proposes `badge`, the next free one; typing replaces it.
pub fn visitor_in(view: &View, badge: Option<&str>) -> Form {
    let lang = view.lang;
    let host = Pick::new("host");
    let purpose = Purpose::In { host: host.clone() };
    let mut form = Form::new(purpose, Lobby::DlgIn.text(lang).into())
        .compact()
        .search(&host, Lobby::FieldHost, Vec::<(Host, String)>::new(), None)
        .required()
        .text(form::NAME, Lobby::FieldName)
        .required()
        .text(PURPOSE, Lobby::FieldPurpose)
        .required()
        .text(PARTY, Lobby::FieldParty)
        .proposed(BADGE, Lobby::FieldBadge, badge.unwrap_or_default())
        .text(PLATE, Lobby::FieldPlate)
        .checked(crate::ui::registers::forms::plate_check);
    let side = picker::panel(&form, &host, lang);
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

/// "(as now: 3号楼 2单元 1203)": the first option of a correction's host picker.
pub fn host_unchanged(room: &str, lang: Lang) -> String {
    fill(Lobby::HostUnchanged.text(lang), &[("room", &room)])
}

/// A correction: the reason first, then the visit's fields as they read now (REG-4): whom
/// they visit (unchanged unless another host is found in the directory), name, purpose,
/// party, badge, plate.
pub fn correct(view: &View, v: &InsideNow) -> Form {
    let title = fill(Lobby::DlgCorrect.text(view.lang), &[("name", &v.name)]);
    let host = Pick::new("host");
    let unchanged = host_unchanged(&v.host_room.to_string(), view.lang);
    let purpose = Purpose::Correct {
        visit: v.visit,
        host: host.clone(),
        unchanged: unchanged.clone(),
    };
    Form::new(purpose, title)
        .text(REASON, Lobby::FieldReason)
        .required()
        .search(&host, Lobby::FieldHost, [(None, unchanged)], Some(None))
        .text_with(form::NAME, Lobby::FieldName, &v.name)
        .text_with(PURPOSE, Lobby::FieldPurpose, &v.purpose)
        .text_with(PARTY, Lobby::FieldParty, &v.party.to_string())
        .text_with(BADGE, Lobby::FieldBadge, v.badge.as_deref().unwrap_or(""))
        .text_with(PLATE, Lobby::FieldPlate, v.plate.as_deref().unwrap_or(""))
}

pub(super) fn local_time(at: DateTime<Utc>, view: &View) -> String {
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
    let left = Pick::new("left");
    let purpose = Purpose::BackIn { left: left.clone() };
    Form::new(purpose, Lobby::DlgBackIn.text(lang).into())
        .hint(Lobby::BackInHint.text(lang))
        .choice(&left, Lobby::FieldLeft, options, None)
        .text(REASON, Lobby::FieldReason)
        .required()
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
    match purpose {
        Purpose::In { host: pick } => {
            let host = cx.choice_of(form, pick)?;
            let typed = typed_visit(form, Some(host.id));
            let visit = validate_lobby_visit(&typed).map_err(|e| refuse(&e, purpose))?;
            let id = cx
                .store
                .visitor_in(cx.operator.id, &visit, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
            let said = Said::fill(
                Lobby::VisitorIn,
                [("name", visit.name), ("room", host.told_to_visitor())],
            );
            Ok(Written {
                said,
                select: Some(id),
            })
        }
        Purpose::Out(visit) => out(cx, Leaving::Visit(*visit), inside, purpose),
        Purpose::OutByBadge => {
            let badge = form.value(BADGE);
            out(cx, Leaving::Badge(&badge), inside, purpose).map_err(|r| match r {
                // A badge refusal is about what was typed: the cursor goes back there.
                Refusal::Refused { field, said } => Refusal::Refused {
                    field: field.or(Some(BADGE.into())),
                    said,
                },
                busy => busy,
            })
        }
        Purpose::Correct { visit, host, .. } => {
            let reason = cx.required(form, REASON, Lobby::FieldReason, REASON_MAX_CHARS)?;
            let Some(now) = inside.iter().find(|v| v.visit == *visit) else {
                let said = Said::fill(Lobby::ErrNoSuchVisit, [("visit", visit.0.to_string())]);
                return Err(Refusal::said(said));
            };
            let typed = typed_visit(form, Some(OccupantId(0)));
            let fixed = validate_lobby_visit(&typed).map_err(|e| refuse(&e, purpose))?;
            // Another host, found in the directory; the same room is no correction.
            let host = form
                .chosen(host)
                .flatten()
                .filter(|h| h.address != now.host_room);
            let correction = LobbyCorrection {
                host: host.as_ref().map(|h| h.id),
                name: (fixed.name != now.name).then(|| fixed.name.clone()),
                purpose: (fixed.purpose != now.purpose).then(|| fixed.purpose.clone()),
                party: (fixed.party != now.party).then_some(fixed.party),
                badge: (fixed.badge != now.badge).then(|| fixed.badge.clone()),
                plate: (fixed.plate.as_ref().map(Plate::as_str) != now.plate.as_deref())
                    .then(|| fixed.plate.clone()),
            };
            cx.store
                .correct_lobby_visit(cx.operator.id, *visit, &correction, &reason, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
            Ok(Written {
                said: Said::fill(Lobby::Corrected, [("name", fixed.name)]),
                select: Some(*visit),
            })
        }
        Purpose::BackIn { left: pick } => {
            let visit = cx.choice_of(form, pick)?;
            let reason = cx.required(form, REASON, Lobby::FieldReason, REASON_MAX_CHARS)?;
            let again = cx
                .store
                .visitor_back_in(cx.operator.id, visit, &reason, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
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
        Purpose::Directory { .. }
        | Purpose::AddOccupant { .. }
        | Purpose::EditOccupant { .. }
        | Purpose::Evacuation
        | Purpose::TakeIn { .. }
        | Purpose::Collect { .. }
        | Purpose::CorrectParcel { .. }
        | Purpose::UndoCollection { .. } => Ok(Written {
            said: Said::verbatim(String::new()),
            select: None,
        }),
    }
}

/// Logs a visitor out and says who left after how long; `purpose` is the form's or the
/// command's, for the field a refusal names.
pub fn out(
    cx: &mut Context,
    leaving: Leaving<'_>,
    inside: &[InsideNow],
    purpose: &Purpose,
) -> Result<Written, Refusal> {
    let visit = cx
        .store
        .visitor_out(cx.operator.id, leaving, cx.now)
        .map_err(|e| lobby_refusal(e, cx, purpose))?;
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

/// The field of the form `purpose` is for that holds `field` (the host picker only the
/// visitor-in form has).
fn field_of(field: LobbyField, purpose: &Purpose) -> Option<FieldName> {
    Some(match field {
        LobbyField::Name => form::NAME.into(),
        LobbyField::Host => return purpose.host_field(),
        LobbyField::Purpose => PURPOSE.into(),
        LobbyField::Party => PARTY.into(),
        LobbyField::Badge => BADGE.into(),
        LobbyField::Plate => PLATE.into(),
    })
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
fn refuse(errors: &[LobbyError], purpose: &Purpose) -> Refusal {
    let Some(first) = errors.first() else {
        return Refusal::said(Said::verbatim(String::new()));
    };
    let label = label_of(first.field);
    let said = Said::in_both(|lang| match first.problem {
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
    });
    Refusal::Refused {
        field: field_of(first.field, purpose),
        said,
    }
}

/// A lobby refusal in the clerk's words, with the cursor on the field of the form
/// `purpose` is for that it concerns; the store's own trouble as every pane says it.
pub fn lobby_refusal(e: StoreLobbyError, cx: &Context, purpose: &Purpose) -> Refusal {
    let tz = cx.shared.settings.timezone();
    let r = match e {
        StoreLobbyError::Store(e) => return cx.refusal(e),
        StoreLobbyError::Refused(r) => r,
    };
    let badge = Some(BADGE.into());
    let (field, said) = match r {
        LobbyRefusal::NoSuchVisit(v) => (
            None,
            Said::fill(Lobby::ErrNoSuchVisit, [("visit", v.to_string())]),
        ),
        LobbyRefusal::AlreadyLeft { at, .. } => (
            None,
            Said::fill(
                Lobby::ErrAlreadyLeft,
                [("at", describe::local_time(at, tz))],
            ),
        ),
        LobbyRefusal::UnknownBadge(b) => {
            (badge, Said::fill(Lobby::ErrUnknownBadge, [("badge", b)]))
        }
        LobbyRefusal::BadgeTwice {
            badge: b,
            first,
            second,
        } => (
            badge,
            Said::fill(
                Lobby::ErrBadgeTwice,
                [
                    ("badge", b),
                    ("first", first.to_string()),
                    ("second", second.to_string()),
                ],
            ),
        ),
        LobbyRefusal::BadgeInUse { badge: b, visit } => (
            badge,
            Said::fill(
                Lobby::ErrBadgeInUse,
                [("badge", b), ("visit", visit.to_string())],
            ),
        ),
        LobbyRefusal::NoSuchOccupant(_) => {
            (purpose.host_field(), Said::msg(Lobby::ErrNoSuchOccupant))
        }
        LobbyRefusal::MovedOut(_) => (purpose.host_field(), Said::msg(Lobby::ErrMovedOut)),
        LobbyRefusal::NothingToCorrect => (None, Said::msg(Lobby::ErrNothingToCorrect)),
        LobbyRefusal::Reason(e) => (
            Some(REASON.into()),
            Said::in_both(|lang| describe::text_error(Lobby::FieldReason.msg(), e, lang)),
        ),
        LobbyRefusal::NoSuchParcel(p) => (
            None,
            Said::fill(Lobby::ErrNoSuchParcel, [("parcel", p.to_string())]),
        ),
        LobbyRefusal::AlreadyCollected { at, .. } => (
            None,
            Said::fill(
                Lobby::ErrAlreadyCollected,
                [("at", describe::local_time(at, tz))],
            ),
        ),
        LobbyRefusal::Collector(e) => (
            Some(super::parcels::COLLECTOR.into()),
            Said::in_both(|lang| describe::text_error(Lobby::FieldCollector.msg(), e, lang)),
        ),
        LobbyRefusal::NotCollected(_) => (purpose.left_field(), Said::msg(Lobby::ErrNotCollected)),
        LobbyRefusal::CollectionUndone { continued, .. } => (
            purpose.left_field(),
            Said::fill(
                Lobby::ErrCollectionUndone,
                [("continued", continued.to_string())],
            ),
        ),
        LobbyRefusal::StillInside(_) => (purpose.left_field(), Said::msg(Lobby::ErrStillInside)),
        LobbyRefusal::AlreadyBackIn { continued, .. } => (
            purpose.left_field(),
            Said::fill(
                Lobby::ErrAlreadyBackIn,
                [("continued", continued.to_string())],
            ),
        ),
    };
    Refusal::Refused { field, said }
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
