//! The lobby's parcel forms (issue 20 §6): taking one in (for whom, picked from the
//! directory as a visitor's host is; carrier; the tracking number's end; where it is
//! stored), marking one collected (by whom), correcting one (REG-4: with a reason, the
//! fields as they read now) and undoing a collection recorded by mistake. Every refusal
//! names its field and keeps what was typed.

use super::forms::{
    Purpose, REASON, REASON_MAX_CHARS, Written, host_unchanged, lobby_refusal, local_time,
};
use super::picker;
use super::text::Lobby;
use crate::domain::lobby::Host;
use crate::domain::lobby::parcel::{
    ParcelError, ParcelField, ParcelForm, ParcelId, WaitingParcel, parcel_changes, validate_parcel,
};
use crate::domain::text::TextError;
use crate::i18n::{Lang, Msg, fill};
use crate::store::lobby::CollectedParcel;
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::View;
use crate::ui::said::Said;

pub const CARRIER: Text = Text("carrier");
pub const TRACKING: Text = Text("tracking");
pub const SHELF: Text = Text("shelf");
pub const COLLECTOR: Text = Text("collector");

/// The take-in form: for whom first (the label on the parcel), then the carrier, the
/// tracking number's end and the shelf. The recipient list is filled by the pane's answer
/// as soon as the form is open.
pub fn take_in(view: &View) -> Form {
    let lang = view.lang;
    let recipient = Pick::new("recipient");
    let purpose = Purpose::TakeIn {
        recipient: recipient.clone(),
    };
    Form::new(purpose, Lobby::DlgTakeIn.text(lang).into())
        .hint(Lobby::TakeInHint.text(lang))
        .search(
            &recipient,
            Lobby::FieldRecipient,
            Vec::<(Host, String)>::new(),
            None,
        )
        .required()
        .text(CARRIER, Lobby::FieldCarrier)
        .required()
        .text(TRACKING, Lobby::FieldTracking)
        .text(SHELF, Lobby::FieldShelf)
}

/// "A座 501 蓝海科技有限公司", "1号楼 1单元 302 王*": a parcel's recipient as the lobby's
/// screen may show it (REG-11: a resident by surname only).
pub fn recipient_label(p: &WaitingParcel) -> String {
    let who = match p.recipient_is_company {
        true => p.recipient.clone(),
        false => picker::surname_only(&p.recipient),
    };
    format!("{} {who}", p.room)
}

/// The collection form for the parcel under the cursor: who came for it.
pub fn collect(view: &View, p: &WaitingParcel) -> Form {
    let lang = view.lang;
    let title = fill(
        Lobby::DlgCollect.text(lang),
        &[("carrier", &p.carrier), ("room", &p.room)],
    );
    let purpose = Purpose::Collect {
        parcel: p.id,
        carrier: p.carrier.clone(),
        room: p.room.to_string(),
    };
    Form::new(purpose, title)
        .hint(Lobby::CollectHint.text(lang))
        .text(COLLECTOR, Lobby::FieldCollector)
        .required()
}

/// A correction of the parcel under the cursor (REG-4): the reason first, then its fields
/// as they read now — for whom (unchanged unless another is found in the directory), the
/// carrier, the tracking number's end, the shelf.
pub fn correct(view: &View, p: &WaitingParcel) -> Form {
    let lang = view.lang;
    let title = fill(
        Lobby::DlgCorrectParcel.text(lang),
        &[("carrier", &p.carrier), ("room", &p.room)],
    );
    let recipient = Pick::new("recipient");
    let unchanged = host_unchanged(&recipient_label(p), lang);
    let purpose = Purpose::CorrectParcel {
        parcel: p.clone(),
        recipient: recipient.clone(),
        unchanged: unchanged.clone(),
    };
    Form::new(purpose, title)
        .hint(Lobby::CorrectParcelHint.text(lang))
        .text(REASON, Lobby::FieldReason)
        .required()
        .search(
            &recipient,
            Lobby::FieldRecipient,
            [(None, unchanged)],
            Some(None),
        )
        .text_with(CARRIER, Lobby::FieldCarrier, &p.carrier)
        .text_with(TRACKING, Lobby::FieldTracking, &p.tracking)
        .text_with(SHELF, Lobby::FieldShelf, &p.shelf)
}

/// Undoing a collection recorded by mistake: which of today's, the latest first, and why.
pub fn undo_collection(view: &View, collected: &[CollectedParcel]) -> Form {
    let lang = view.lang;
    let options = collected.iter().map(|c| {
        let label = fill(
            Lobby::CollectedLabel.text(lang),
            &[
                ("time", &local_time(c.collected, view)),
                ("who", &c.collected_by),
                ("carrier", &c.parcel.carrier),
                ("room", &c.parcel.room),
            ],
        );
        (c.parcel.id, label)
    });
    let pick = Pick::new("collected");
    let purpose = Purpose::UndoCollection {
        collected: pick.clone(),
    };
    Form::new(purpose, Lobby::DlgUndoCollected.text(lang).into())
        .hint(Lobby::UndoCollectedHint.text(lang))
        .choice(&pick, Lobby::FieldCollectedParcel, options, None)
        .text(REASON, Lobby::FieldReason)
        .required()
}

/// Does what a parcel form is for; says so, with the parcel to put the cursor on (the one
/// taken in, corrected, or waiting again). `collected` is the pane's list of today's
/// collections, for what the status line says.
pub fn submit(
    form: &Form,
    cx: &mut Context,
    purpose: &Purpose,
    collected: &[CollectedParcel],
) -> Result<(Written, Option<ParcelId>), Refusal> {
    match purpose {
        Purpose::TakeIn { recipient } => {
            let host = form.chosen(recipient);
            let typed = ParcelForm {
                carrier: form.value(CARRIER),
                recipient: host.as_ref().map(|h| h.id),
                tracking: form.value(TRACKING),
                shelf: form.value(SHELF),
            };
            let parcel = validate_parcel(&typed).map_err(|e| {
                refuse(&e, || {
                    form.choice_of(recipient)
                        .err()
                        .unwrap_or_else(|| Refusal::said(Said::verbatim(String::new())))
                })
            })?;
            let id = cx
                .store
                .take_in_parcel(cx.operator.id, &parcel, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
            let room = host.map(|h| h.told_to_visitor()).unwrap_or_default();
            let shelf = match parcel.shelf.is_empty() {
                true => Said::msg(Lobby::NoShelf),
                false => Said::verbatim(parcel.shelf),
            };
            let said = Said::new(move |lang| {
                fill(
                    Lobby::TakenIn.text(lang),
                    &[
                        ("carrier", &parcel.carrier),
                        ("room", &room),
                        ("shelf", &shelf.text(lang)),
                    ],
                )
            });
            Ok((Written { said, select: None }, Some(id)))
        }
        Purpose::Collect {
            parcel,
            carrier,
            room,
        } => {
            let who = form.value(COLLECTOR);
            cx.store
                .collect_parcel(cx.operator.id, *parcel, &who, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
            let said = Said::fill(
                Lobby::Collected,
                [
                    ("who", crate::domain::text::sanitize(&who)),
                    ("carrier", carrier.clone()),
                    ("room", room.clone()),
                ],
            );
            Ok((Written { said, select: None }, None))
        }
        Purpose::CorrectParcel {
            parcel: was,
            recipient,
            ..
        } => {
            let reason = cx.required(form, REASON, Lobby::FieldReason, REASON_MAX_CHARS)?;
            let host = form.chosen(recipient).flatten();
            let typed = ParcelForm {
                carrier: form.value(CARRIER),
                recipient: host.as_ref().map(|h| h.id),
                tracking: form.value(TRACKING),
                shelf: form.value(SHELF),
            };
            // The recipient is never missing here: left unpicked, it is the parcel's own.
            let correction = parcel_changes(was, &typed)
                .map_err(|e| refuse(&e, || Refusal::said(Said::verbatim(String::new()))))?;
            cx.store
                .correct_parcel(cx.operator.id, was.id, &correction, &reason, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
            let room = match (&correction.recipient, host) {
                (Some(_), Some(h)) => h.told_to_visitor(),
                _ => was.room.to_string(),
            };
            let carrier = correction.carrier.unwrap_or_else(|| was.carrier.clone());
            let said = Said::fill(
                Lobby::ParcelCorrected,
                [("carrier", carrier), ("room", room)],
            );
            Ok((Written { said, select: None }, Some(was.id)))
        }
        Purpose::UndoCollection { collected: pick } => {
            let parcel = cx.choice_of(form, pick)?;
            let reason = cx.required(form, REASON, Lobby::FieldReason, REASON_MAX_CHARS)?;
            let again = cx
                .store
                .undo_parcel_collection(cx.operator.id, parcel, &reason, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
            let (carrier, room) = collected
                .iter()
                .find(|c| c.parcel.id == parcel)
                .map(|c| (c.parcel.carrier.clone(), c.parcel.room.to_string()))
                .unwrap_or_default();
            let said = Said::fill(
                Lobby::CollectionUndone,
                [("carrier", carrier), ("room", room)],
            );
            Ok((Written { said, select: None }, Some(again)))
        }
        _ => Err(Refusal::said(Said::verbatim(String::new()))),
    }
}

fn label_of(field: ParcelField) -> Msg {
    match field {
        ParcelField::Carrier => Lobby::FieldCarrier,
        ParcelField::Recipient => Lobby::FieldRecipient,
        ParcelField::Shelf => Lobby::FieldShelf,
    }
    .msg()
}

/// The first field at fault, with the cursor put on it; an unpicked recipient is said as
/// `unpicked` says it (the picker's: choose one, or nothing matches what was typed).
fn refuse(errors: &[ParcelError], unpicked: impl FnOnce() -> Refusal) -> Refusal {
    let Some(first) = errors.first() else {
        return Refusal::said(Said::verbatim(String::new()));
    };
    let field: FieldName = match first.field {
        ParcelField::Recipient => return unpicked(),
        ParcelField::Carrier => CARRIER.into(),
        ParcelField::Shelf => SHELF.into(),
    };
    let label = label_of(first.field);
    let problem = first.problem;
    let said = Said::in_both(move |lang: Lang| match problem {
        TextError::TooLong(max) => fill(
            Lobby::ErrTooLong.text(lang),
            &[("field", &label.text(lang)), ("max", &max)],
        ),
        e => describe::text_error(label, e, lang),
    });
    Refusal::Refused {
        field: Some(field),
        said,
    }
}
