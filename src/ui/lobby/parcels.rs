//! The lobby's parcel forms (issue 20 §6): taking one in (for whom, picked from the
//! directory as a visitor's host is; carrier; the tracking number's end; where it is
//! stored) and marking one collected (by whom). Every refusal names its field and keeps
//! what was typed.

use super::forms::{Purpose, Written, lobby_refusal};
use super::picker;
use super::text::Lobby;
use crate::domain::lobby::Host;
use crate::domain::lobby::parcel::{
    ParcelError, ParcelField, ParcelForm, ParcelId, WaitingParcel, validate_parcel,
};
use crate::domain::text::TextError;
use crate::i18n::{Lang, Msg, fill};
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

/// Does what a parcel form is for; says so, with the parcel taken in to put the cursor on.
pub fn submit(
    form: &Form,
    cx: &mut Context,
    purpose: &Purpose,
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
            let parcel = validate_parcel(&typed).map_err(|e| refuse(&e, form, recipient))?;
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
/// the picker says it (choose one, or nothing matches what was typed).
fn refuse(errors: &[ParcelError], form: &Form, recipient: &Pick<Host>) -> Refusal {
    let Some(first) = errors.first() else {
        return Refusal::said(Said::verbatim(String::new()));
    };
    let field: FieldName = match first.field {
        ParcelField::Recipient => {
            return form
                .choice_of(recipient)
                .err()
                .unwrap_or_else(|| Refusal::said(Said::verbatim(String::new())));
        }
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
