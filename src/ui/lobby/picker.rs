//! Whom a visitor visits: the search picker over the directory, answered as the clerk types
//! from `occupants_matching`, and the panel beside the visitor-in form with the phrase to say
//! at the focused step (DESK-2, REG-11) and the one thing the visitor is told: the room.
//!
//! # What the clerk sees, what the visitor hears (REG-11)
//! The clerk finds the host by whatever the visitor says: a company's or a resident's name,
//! its pinyin initials, or a room. The desk's screen may face the visitor, so an option
//! shows the room and the kind, a company's name (it is on the building's signs anyway) and
//! a resident's surname only (`王*`): enough for the clerk to tell two matches apart, never
//! the resident's full name, and never anyone's phone (the picker's rows carry none). What
//! the clerk says back is [`Host::told_to_visitor`]: the room.

use ratatui::text::{Line, Span};

use super::forms::Purpose;
use super::text::Lobby;
use crate::domain::lobby::{Host, OccupantKind};
use crate::i18n::{Lang, fill};
use crate::store::{self, Store};
use crate::ui::form::{self, Form, Pick};
use crate::ui::pane::View;
use crate::ui::theme::Theme;

/// How many hosts the picker lists for a query.
const FOUND: usize = 20;

/// The phrases said at the lobby desk's steps (`assets/phrases.toml`).
pub const GREET_VISITOR: &str = "greet_visitor";
pub const ASK_WHOM: &str = "ask_lobby";
pub const ASK_SURNAME: &str = "ask_lobby_2";

fn phrase(id: &str, lang: Lang) -> &'static str {
    crate::phrases::get(id).map_or("", |p| p.text(lang))
}

pub fn kind_label(kind: OccupantKind) -> Lobby {
    match kind {
        OccupantKind::Company => Lobby::KindCompany,
        OccupantKind::Resident => Lobby::KindResident,
    }
}

/// A resident's name as the picker shows it: the surname, the rest starred.
pub(super) fn surname_only(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if chars.next().is_some() => format!("{first}*"),
        Some(first) => first.to_string(),
        None => String::new(),
    }
}

/// One option of the picker: room, kind, and the name as REG-11 lets the desk show it.
pub fn host_label(host: &Host, lang: Lang) -> String {
    let who = match host.kind {
        OccupantKind::Company => host.name.clone(),
        OccupantKind::Resident => surname_only(&host.name),
    };
    format!(
        "{}  {} {who}",
        host.told_to_visitor(),
        kind_label(host.kind).text(lang)
    )
}

/// The hosts `query` finds, as picker options.
pub fn options(store: &Store, query: &str, lang: Lang) -> store::Result<Vec<(Host, String)>> {
    Ok(store
        .occupants_matching(query.trim(), FOUND)?
        .into_iter()
        .map(|h| {
            let label = host_label(&h, lang);
            (h, label)
        })
        .collect())
}

/// The phrase asked at the field under the cursor, if one is.
fn asked_at(form: &Form, host: &Pick<Host>) -> Option<&'static str> {
    if form.is_focused(host) {
        Some(ASK_WHOM)
    } else if form.is_focused(form::NAME) {
        Some(ASK_SURNAME)
    } else {
        None
    }
}

/// The panel beside the visitor-in form: greet, the question of the focused step, and what
/// to tell the visitor once the host is chosen in `host`.
pub fn panel(form: &Form, host: &Pick<Host>, lang: Lang) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(Lobby::PanelGreet.text(lang), Theme::dim()),
        Line::raw(phrase(GREET_VISITOR, lang)),
        Line::raw(""),
    ];
    if let Some(id) = asked_at(form, host) {
        lines.push(Line::styled(Lobby::PanelAsk.text(lang), Theme::dim()));
        lines.push(Line::styled(phrase(id, lang), Theme::next_up()));
        lines.push(Line::raw(""));
    }
    match form.chosen(host) {
        Some(host) => lines.push(Line::from(Span::styled(
            fill(
                Lobby::PanelTell.text(lang),
                &[("room", &host.told_to_visitor())],
            ),
            Theme::title(),
        ))),
        None => lines.push(Line::styled(Lobby::PanelFind.text(lang), Theme::dim())),
    }
    lines.push(Line::styled(Lobby::PanelRoomOnly.text(lang), Theme::dim()));
    lines
}

/// When what was typed changed: asks the directory again for a search picker's query and
/// puts the visitor-in panel up to date. At most once per change.
pub fn watch(form: &mut Form, store: &Store, view: &View) -> store::Result<()> {
    let Some(purpose) = form.purpose::<Purpose>() else {
        return Ok(());
    };
    if !purpose.searches_hosts() || !form.take_change() {
        return Ok(());
    }
    match purpose {
        Purpose::Directory { host } => {
            let query = form.query(&host).unwrap_or_default().to_owned();
            let found = options(store, &query, view.lang)?;
            let new = (None, Lobby::NewOccupant.text(view.lang).to_owned());
            let found = found.into_iter().map(|(h, l)| (Some(h), l));
            form.set_options(&host, std::iter::once(new).chain(found));
        }
        Purpose::Correct {
            host, unchanged, ..
        }
        | Purpose::CorrectParcel {
            recipient: host,
            unchanged,
            ..
        } => {
            // "As now" while nothing is typed (the field left untouched changes nothing) or
            // nothing is found; what a query finds, the best match under the cursor.
            let query = form.query(&host).unwrap_or_default().trim().to_owned();
            let found = match query.is_empty() {
                true => Vec::new(),
                false => options(store, &query, view.lang)?,
            };
            match found.is_empty() {
                true => form.set_options(&host, [(None, unchanged)]),
                false => form.set_options(&host, found.into_iter().map(|(h, l)| (Some(h), l))),
            }
        }
        Purpose::TakeIn { recipient } => {
            let query = form.query(&recipient).unwrap_or_default().to_owned();
            let found = options(store, &query, view.lang)?;
            form.set_options(&recipient, found);
        }
        Purpose::In { host } => {
            let query = form.query(&host).unwrap_or_default().to_owned();
            let found = options(store, &query, view.lang)?;
            form.set_options(&host, found);
            form.set_side(panel(form, &host, view.lang));
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lobby::{OccupantId, UnitAddress};

    fn host(name: &str, kind: OccupantKind) -> Host {
        Host {
            id: OccupantId(1),
            address: UnitAddress::parse("3号楼", "2单元", "1203").unwrap(),
            name: name.into(),
            kind,
        }
    }

    #[test]
    fn reg_11_a_resident_shows_by_surname_and_a_company_by_name_with_the_room() {
        let resident = host_label(&host("王芳", OccupantKind::Resident), Lang::Zh);
        assert_eq!(resident, "3号楼 2单元 1203  住户 王*");
        let company = host_label(&host("蓝海科技有限公司", OccupantKind::Company), Lang::En);
        assert_eq!(company, "3号楼 2单元 1203  company 蓝海科技有限公司");
    }

    #[test]
    fn the_lobby_phrases_the_pane_names_are_in_the_library() {
        for id in [GREET_VISITOR, ASK_WHOM, ASK_SURNAME] {
            assert!(crate::phrases::get(id).is_some(), "{id}");
        }
        assert_eq!(phrase(ASK_WHOM, Lang::Zh), "请问您找哪一位?");
        assert_eq!(phrase(ASK_SURNAME, Lang::Zh), "请问您贵姓?");
    }
}
