//! The building's directory from the lobby tab (issue 9 §1): a supervisor adds an occupant
//! or edits one (its unit, name, phones, kind, moved out), approved with a PIN and audited by
//! the store. Found with the same search picker as a visitor's host. Phones are never shown
//! whole on the lobby desk: the edit form names the current ones masked and keeps them when
//! the field is left blank.

use super::forms::{HOST, Purpose, lobby_refusal};
use super::picker::kind_label;
use super::text::Lobby;
use crate::domain::lobby::{
    DirError, DirField, DirProblem, Host, OccupantForm, OccupantKind, validate_occupant,
};
use crate::domain::register::Phone;
use crate::domain::text::TextError;
use crate::i18n::{Lang, Msg, fill};
use crate::store::lobby::OccupantRecord;
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{self, FieldKey, Form, Refusal};
use crate::ui::pane::{Done, View};
use crate::ui::said::Said;

const BUILDING: FieldKey = FieldKey("building");
const UNIT: FieldKey = FieldKey("unit");
const ROOM: FieldKey = FieldKey("room");
const PHONES: FieldKey = FieldKey("phones");
const KIND: FieldKey = FieldKey("kind");
const ACTIVE: FieldKey = FieldKey("active");

/// Typed into the phones of an edit: remove them all (blank keeps them).
const CLEAR: &str = "-";

/// The first step: whom to edit, found by name, initials or room, or a new occupant.
pub fn choose(view: &View) -> Form {
    let new = (None::<Host>, Lobby::NewOccupant.text(view.lang).to_owned());
    Form::new(
        Purpose::Directory,
        Lobby::DlgDirectory.text(view.lang).into(),
    )
    .search(HOST, Lobby::FieldOccupant, [new])
}

fn kinds(lang: Lang) -> Vec<(OccupantKind, String)> {
    [OccupantKind::Company, OccupantKind::Resident]
        .map(|k| (k, kind_label(k).text(lang).to_owned()))
        .into()
}

/// The occupant's fields, empty for a new one, and the supervisor's approval.
fn occupant_form(view: &View, record: Option<&OccupantRecord>) -> Form {
    let lang = view.lang;
    let (purpose, title) = match record {
        Some(r) => (Purpose::EditOccupant(r.id), Lobby::DlgEditOccupant),
        None => (Purpose::AddOccupant, Lobby::DlgAddOccupant),
    };
    let o = record.map(|r| &r.occupant);
    let text = |get: fn(&crate::domain::lobby::Occupant) -> &str| o.map_or("", get).to_owned();
    let mut form = Form::new(purpose, title.text(lang).into())
        .compact()
        .text_with(
            BUILDING,
            Lobby::FieldBuilding,
            &text(|o| o.address.building()),
        )
        .text_with(UNIT, Lobby::FieldUnit, &text(|o| o.address.unit()))
        .text_with(ROOM, Lobby::FieldRoom, &text(|o| o.address.room()))
        .text_with(form::NAME, Lobby::FieldOccupant, &text(|o| &o.name))
        .text(PHONES, Lobby::FieldPhones)
        .choice(KIND, Lobby::FieldKind, kinds(lang), o.map(|o| o.kind));
    if let Some(r) = record {
        let phones: Vec<String> = r.occupant.phones.iter().map(Phone::masked).collect();
        let phones = match phones.is_empty() {
            true => Lobby::NoPhones.text(lang).to_owned(),
            false => phones.join(", "),
        };
        form = form
            .hint(fill(Lobby::PhonesKept.text(lang), &[("phones", &phones)]))
            .choice(
                ACTIVE,
                Lobby::FieldActive,
                [
                    (true, Lobby::StillHere.text(lang).to_owned()),
                    (false, Lobby::MovedOut.text(lang).to_owned()),
                ],
                Some(r.active),
            );
    }
    view.approval(form)
}

/// The first step submitted: opens the occupant's form.
pub fn chosen(form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
    let picked: Option<Host> = cx.choice_of(form, HOST)?;
    let record = match picked {
        Some(host) => Some(
            cx.store
                .occupant(host.id)
                .map_err(|e| cx.refusal(e))?
                .ok_or_else(|| (Some(HOST), Lobby::ErrNoSuchOccupant.text(cx.lang).into()))?,
        ),
        None => None,
    };
    let next = occupant_form(&cx.view(), record.as_ref());
    Ok(Done::default().then(next))
}

/// Adds or changes the occupant the form describes, once a supervisor approves.
pub fn submit(form: &Form, cx: &mut Context, purpose: &Purpose) -> Result<Done, Refusal> {
    let lang = cx.lang;
    let current = match purpose {
        Purpose::EditOccupant(id) => Some(
            cx.store
                .occupant(*id)
                .map_err(|e| cx.refusal(e))?
                .ok_or_else(|| (None, Lobby::ErrNoSuchOccupant.text(lang).to_owned()))?,
        ),
        _ => None,
    };
    let typed_phones = form.value(PHONES);
    let phones = match (typed_phones.trim(), &current) {
        ("", Some(r)) => r
            .occupant
            .phones
            .iter()
            .map(Phone::as_str)
            .collect::<Vec<_>>()
            .join(","),
        (CLEAR, _) => String::new(),
        (typed, _) => typed.to_owned(),
    };
    let kind: OccupantKind = cx.choice_of(form, KIND)?;
    let occupant = validate_occupant(&OccupantForm {
        building: form.value(BUILDING),
        unit: form.value(UNIT),
        room: form.value(ROOM),
        name: form.value(form::NAME),
        phones,
        kind: kind.key().to_owned(),
    })
    .map_err(|e| refuse(&e, lang))?;
    let approval = cx.approve(form)?;
    let room = occupant.address.to_string();
    let name = occupant.name.clone();
    let said = match current {
        Some(r) => {
            let active: bool = cx.choice_of(form, ACTIVE)?;
            cx.store
                .update_occupant(cx.operator.id, approval, r.id, &occupant, active, cx.now)
                .map_err(|e| lobby_refusal(e, cx))?;
            Said::fill(Lobby::OccupantUpdated, [("room", room), ("name", name)])
        }
        None => {
            cx.store
                .add_occupant(cx.operator.id, approval, &occupant, cx.now)
                .map_err(|e| cx.refusal(e))?;
            Said::fill(Lobby::OccupantAdded, [("room", room), ("name", name)])
        }
    };
    Ok(Done::status(said))
}

fn key_of(field: DirField) -> FieldKey {
    match field {
        DirField::Building => BUILDING,
        DirField::Unit => UNIT,
        DirField::Room => ROOM,
        DirField::Name => form::NAME,
        DirField::Phone => PHONES,
        DirField::Kind => KIND,
    }
}

fn label_of(field: DirField) -> Msg {
    match field {
        DirField::Building => Lobby::FieldBuilding,
        DirField::Unit => Lobby::FieldUnit,
        DirField::Room => Lobby::FieldRoom,
        DirField::Name => Lobby::FieldOccupant,
        DirField::Phone => Lobby::FieldPhones,
        DirField::Kind => Lobby::FieldKind,
    }
    .msg()
}

/// The first field at fault, named, with the cursor put on it.
fn refuse(errors: &[DirError], lang: Lang) -> Refusal {
    let Some(first) = errors.first() else {
        return (None, String::new());
    };
    let label = label_of(first.field);
    let message = match &first.problem {
        DirProblem::Text(TextError::TooLong(max)) => fill(
            Lobby::ErrTooLong.text(lang),
            &[("field", &label.text(lang)), ("max", max)],
        ),
        DirProblem::Text(e) => describe::text_error(label, *e, lang),
        DirProblem::Phone(phone, _) => fill(Lobby::ErrPhone.text(lang), &[("phone", phone)]),
        DirProblem::TooManyPhones(max) => fill(Lobby::ErrTooManyPhones.text(lang), &[("max", max)]),
        DirProblem::Kind(_) => fill(
            crate::ui::text::Ui::ErrChoose.text(lang),
            &[("field", &label.text(lang))],
        ),
    };
    (Some(key_of(first.field)), message)
}
