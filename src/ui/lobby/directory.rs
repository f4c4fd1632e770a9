//! The building's directory from the lobby tab (issue 9 §1): a supervisor adds an occupant
//! or edits one (its unit, name, phones, kind, moved out), approved with a PIN and audited by
//! the store. Found with the same search picker as a visitor's host. Phones are never shown
//! whole on the lobby desk: the edit form names the current ones masked and keeps them when
//! the field is left blank.

use super::forms::{Purpose, lobby_refusal};
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
use crate::ui::form::{self, FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::{Done, View};
use crate::ui::said::Said;

const BUILDING: Text = Text("building");
const UNIT: Text = Text("unit");
const ROOM: Text = Text("room");
const PHONES: Text = Text("phones");

/// Typed into the phones of an edit: remove them all (blank keeps them).
const CLEAR: &str = "-";

/// The first step: whom to edit, found by name, initials or room, or a new occupant.
pub fn choose(view: &View) -> Form {
    let new = (None::<Host>, Lobby::NewOccupant.text(view.lang).to_owned());
    let host = Pick::new("host");
    let purpose = Purpose::Directory { host: host.clone() };
    Form::new(purpose, Lobby::DlgDirectory.text(view.lang).into()).search(
        &host,
        Lobby::FieldOccupant,
        [new],
        None,
    )
}

fn kinds(lang: Lang) -> Vec<(OccupantKind, String)> {
    [OccupantKind::Company, OccupantKind::Resident]
        .map(|k| (k, kind_label(k).text(lang).to_owned()))
        .into()
}

/// The occupant's fields, empty for a new one, and the supervisor's approval.
fn occupant_form(view: &View, record: Option<&OccupantRecord>) -> Form {
    let lang = view.lang;
    let (kind, active, supervisor) = (
        Pick::new("kind"),
        Pick::new("active"),
        Pick::new("supervisor"),
    );
    let (purpose, title) = match record {
        Some(r) => (
            Purpose::EditOccupant {
                id: r.id,
                kind: kind.clone(),
                active: active.clone(),
                supervisor: supervisor.clone(),
            },
            Lobby::DlgEditOccupant,
        ),
        None => (
            Purpose::AddOccupant {
                kind: kind.clone(),
                supervisor: supervisor.clone(),
            },
            Lobby::DlgAddOccupant,
        ),
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
        .choice(&kind, Lobby::FieldKind, kinds(lang), o.map(|o| o.kind));
    if let Some(r) = record {
        let phones: Vec<String> = r.occupant.phones.iter().map(Phone::masked).collect();
        let phones = match phones.is_empty() {
            true => Lobby::NoPhones.text(lang).to_owned(),
            false => phones.join(", "),
        };
        form = form
            .hint(fill(Lobby::PhonesKept.text(lang), &[("phones", &phones)]))
            .choice(
                &active,
                Lobby::FieldActive,
                [
                    (true, Lobby::StillHere.text(lang).to_owned()),
                    (false, Lobby::MovedOut.text(lang).to_owned()),
                ],
                Some(r.active),
            );
    }
    view.approval(form, &supervisor)
}

/// The first step submitted (`host` its picker): opens the occupant's form.
pub fn chosen(form: &Form, cx: &mut Context, host: &Pick<Option<Host>>) -> Result<Done, Refusal> {
    let record = match cx.choice_of(form, host)? {
        Some(picked) => Some(
            cx.store
                .occupant(picked.id)
                .map_err(|e| cx.refusal(e))?
                .ok_or_else(|| Refusal::at(host, Said::msg(Lobby::ErrNoSuchOccupant)))?,
        ),
        None => None,
    };
    let next = occupant_form(&cx.view(), record.as_ref());
    Ok(Done::default().then(next))
}

/// Adds or changes the occupant the form describes, once a supervisor approves.
pub fn submit(form: &Form, cx: &mut Context, purpose: &Purpose) -> Result<Done, Refusal> {
    let (kind, supervisor) = match purpose {
        Purpose::AddOccupant { kind, supervisor }
        | Purpose::EditOccupant {
            kind, supervisor, ..
        } => (kind, supervisor),
        _ => return Ok(Done::default()),
    };
    let current = match purpose {
        Purpose::EditOccupant { id, active, .. } => Some((
            cx.store
                .occupant(*id)
                .map_err(|e| cx.refusal(e))?
                .ok_or_else(|| Refusal::said(Said::msg(Lobby::ErrNoSuchOccupant)))?,
            active,
        )),
        _ => None,
    };
    let typed_phones = form.value(PHONES);
    let phones = match (typed_phones.trim(), &current) {
        ("", Some((r, _))) => r
            .occupant
            .phones
            .iter()
            .map(Phone::as_str)
            .collect::<Vec<_>>()
            .join(","),
        (CLEAR, _) => String::new(),
        (typed, _) => typed.to_owned(),
    };
    let kind_chosen = cx.choice_of(form, kind)?;
    let occupant = validate_occupant(&OccupantForm {
        building: form.value(BUILDING),
        unit: form.value(UNIT),
        room: form.value(ROOM),
        name: form.value(form::NAME),
        phones,
        kind: kind_chosen.key().to_owned(),
    })
    .map_err(|e| refuse(&e, kind))?;
    let approval = cx.approve(form, supervisor)?;
    let room = occupant.address.to_string();
    let name = occupant.name.clone();
    let said = match current {
        Some((r, active)) => {
            let active = cx.choice_of(form, active)?;
            cx.store
                .update_occupant(cx.operator.id, approval, r.id, &occupant, active, cx.now)
                .map_err(|e| lobby_refusal(e, cx, purpose))?;
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

/// The field that holds `field`; `kind` is the form's picker of kinds.
fn field_of(field: DirField, kind: &Pick<OccupantKind>) -> FieldName {
    match field {
        DirField::Building => BUILDING.into(),
        DirField::Unit => UNIT.into(),
        DirField::Room => ROOM.into(),
        DirField::Name => form::NAME.into(),
        DirField::Phone => PHONES.into(),
        DirField::Kind => kind.into(),
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
fn refuse(errors: &[DirError], kind: &Pick<OccupantKind>) -> Refusal {
    let Some(first) = errors.first() else {
        return Refusal::said(Said::verbatim(String::new()));
    };
    let label = label_of(first.field);
    let said = Said::in_both(|lang| match &first.problem {
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
    });
    Refusal::at(field_of(first.field, kind), said)
}
