//! The one interface every pane shares, and the list of panes. The shell knows panes only
//! through `Pane`; adding a pane is its own folder plus one `PaneId` variant here.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use strum::{Display, EnumCount, EnumIter, FromRepr, IntoEnumIterator};

use super::context::Context;
use super::form::{self, Form, Pick, Refusal};
use super::info::Info;
use super::keys::Hint;
use super::purpose::Purpose;
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use super::{complaints, deals, figures, handover, lobby, registers, rotation, staff};
use crate::domain::settings::DeskKinds;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::i18n::{Lang, Msg};
use crate::store::{self, Store};

/// The panes, in tab order. An office shows only the tabs of the desks it runs
/// ([`PaneId::shown_for`]); the digit keys `1`, `2`, … number the tabs shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, EnumCount, FromRepr, Display)]
#[repr(usize)]
pub enum PaneId {
    Rotation,
    Registers,
    Deals,
    Figures,
    Lobby,
    Complaints,
    Handover,
    Staff,
}

impl PaneId {
    pub fn create(self) -> Box<dyn Pane> {
        match self {
            PaneId::Rotation => Box::<rotation::RotationPane>::default(),
            PaneId::Registers => Box::<registers::RegistersPane>::default(),
            PaneId::Deals => Box::<deals::DealsPane>::default(),
            PaneId::Figures => Box::<figures::FiguresPane>::default(),
            PaneId::Lobby => Box::<lobby::LobbyPane>::default(),
            PaneId::Complaints => Box::<complaints::ComplaintsPane>::default(),
            PaneId::Handover => Box::<handover::HandoverPane>::default(),
            PaneId::Staff => Box::<staff::StaffPane>::default(),
        }
    }

    /// Whether an office running `desks` shows this tab (issue 9 §1): the sales desk's
    /// rotation, registers, deals and figures, the lobby desk's lobby and complaints, and the
    /// staff for everyone. The one place the rule lives: the tab bar, the digits, Tab and the
    /// help all ask here.
    pub fn shown(self, desks: DeskKinds) -> bool {
        match self {
            PaneId::Rotation | PaneId::Registers | PaneId::Deals | PaneId::Figures => {
                desks.has_sales()
            }
            PaneId::Lobby | PaneId::Complaints => desks.has_lobby(),
            PaneId::Handover | PaneId::Staff => true,
        }
    }

    /// The tabs an office running `desks` shows, in tab order.
    pub fn shown_for(desks: DeskKinds) -> Vec<PaneId> {
        PaneId::iter().filter(|p| p.shown(desks)).collect()
    }

    /// The digit that switches to this tab among those shown: `1` for the first.
    pub fn digit(self, desks: DeskKinds) -> char {
        PaneId::shown_for(desks)
            .iter()
            .position(|p| *p == self)
            .and_then(|i| char::from_digit(i as u32 + 1, 10))
            .unwrap_or('?')
    }

    /// The tab shown under digit `c`, if any.
    pub fn from_digit(c: char, desks: DeskKinds) -> Option<PaneId> {
        let n = c.to_digit(10)? as usize;
        PaneId::shown_for(desks).get(n.checked_sub(1)?).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desk_1_the_tabs_and_their_digits_follow_the_desks_the_office_runs() {
        use PaneId::*;
        assert_eq!(
            PaneId::shown_for(DeskKinds::Sales),
            [Rotation, Registers, Deals, Figures, Handover, Staff]
        );
        assert_eq!(
            PaneId::shown_for(DeskKinds::Lobby),
            [Lobby, Complaints, Handover, Staff]
        );
        assert_eq!(
            PaneId::shown_for(DeskKinds::Both),
            [
                Rotation, Registers, Deals, Figures, Lobby, Complaints, Handover, Staff
            ]
        );
        assert_eq!(Staff.digit(DeskKinds::Lobby), '4');
        assert_eq!(Staff.digit(DeskKinds::Sales), '6');
        assert_eq!(PaneId::from_digit('1', DeskKinds::Lobby), Some(Lobby));
        assert_eq!(PaneId::from_digit('5', DeskKinds::Lobby), None);
        assert_eq!(PaneId::from_digit('0', DeskKinds::Both), None);
        assert_eq!(Rotation.digit(DeskKinds::Lobby), '?');
    }
}

/// What a pane may read while it handles a key or draws: a borrowed, read-only view with
/// one `now` for the whole action.
pub struct View<'a> {
    pub shared: &'a Shared,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub operator: &'a Staff,
    /// Drawn as a clerk sees the screen at rest, an alert's flash over: a test's screen,
    /// whose clock stands still so that a flash would never end (`App::render_at_rest`).
    pub at_rest: bool,
}

impl<'a> View<'a> {
    /// The view a key or a frame works with at `now`, as the clerk sees it live: a flash
    /// shows while it lasts.
    pub fn live(shared: &'a Shared, lang: Lang, now: DateTime<Utc>, operator: &'a Staff) -> Self {
        View {
            shared,
            lang,
            now,
            operator,
            at_rest: false,
        }
    }

    /// Whether a flash that lasts until `until` shows in the frame drawn at this moment.
    pub fn flashes(&self, until: DateTime<Utc>) -> bool {
        !self.at_rest && self.now < until
    }

    /// Adds the approving supervisor (read back with `supervisor`) and their PIN to a form;
    /// the operator is preselected when they are a supervisor themselves, and the only
    /// supervisor when the office has one.
    pub fn approval(&self, form: Form, supervisor: &Pick<StaffId>) -> Form {
        let supervisors: Vec<_> = self
            .shared
            .active(Role::Supervisor)
            .map(|s| (s.id, s.name.clone()))
            .collect();
        let me = (self.operator.role == Role::Supervisor)
            .then_some(self.operator.id)
            .or(match supervisors.as_slice() {
                [(only, _)] => Some(*only),
                _ => None,
            });
        // When approval is all the form asks and the supervisor is already chosen, start on
        // the PIN: a PIN typed at once must never land, readable, in the picker's filter.
        let straight_to_pin = !form.has_fields() && me.is_some();
        let form = form
            .choice(supervisor, Ui::FieldSupervisor, supervisors, me)
            .pin(form::SUPERVISOR_PIN, Ui::FieldSupervisorPin);
        if straight_to_pin {
            form.focus(form::SUPERVISOR_PIN)
        } else {
            form
        }
    }
}

/// What a key asks the shell to do. Only shell effects: whatever a pane decides is in the
/// form it opens or submits.
pub enum Action {
    /// The key was the pane's and needs nothing from the shell (a cursor move).
    Handled,
    /// Ask for input first.
    Open(Form),
    /// Do at once what needs no input ([`Pane::command`]): check a visitor out, a turn.
    Command(Purpose),
    /// A read-only page over the pane: why, the log.
    Info(Info),
    /// Tell the clerk why the key did nothing.
    Error(Said),
    /// Show another tab at one of its records (the handover's open items).
    Goto(PaneId, Target),
}

/// A record another pane can be asked to show ([`Pane::show`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Salesperson(crate::domain::staff::StaffId),
    Customer(crate::domain::register::Register, i64),
    Visitor(crate::domain::lobby::LobbyVisitId),
    /// A parcel on the lobby's parcel list (issue 20 §6).
    Parcel(crate::domain::lobby::parcel::ParcelId),
    Complaint(crate::domain::complaint::ComplaintId),
    Repair(crate::domain::complaint::RepairId),
}

/// A submit that went through: what to tell the clerk, and what comes next.
#[derive(Default)]
pub struct Done {
    pub status: Option<Said>,
    /// A form that follows from this one (the owner's dialog after "a colleague's customer").
    pub follow_up: Option<Form>,
    /// The write changed what every pane reads (staff, settings): reload the shared part.
    pub shared_changed: bool,
    /// The desk changed hands: this person is at it now (a handover accepted, HND-7).
    pub operator: Option<Staff>,
    /// Show another tab at one of its records once the write is done (an open item of the
    /// handover, read as it opens).
    pub goto: Option<(PaneId, Target)>,
    /// A page to show over the pane once the command is done (the evacuation list it has
    /// just printed).
    pub page: Option<Info>,
}

impl Done {
    pub fn status(said: Said) -> Done {
        Done {
            status: Some(said),
            ..Done::default()
        }
    }

    pub fn then(mut self, form: Form) -> Done {
        self.follow_up = Some(form);
        self
    }

    pub fn changing_shared(mut self) -> Done {
        self.shared_changed = true;
        self
    }
}

pub trait Pane {
    /// The tab's title.
    fn title(&self) -> Msg;

    /// Every key of the pane, from the same table its handler reads, in footer order.
    fn hints(&self) -> Vec<Hint>;

    /// `None` when the key is not the pane's, so the shell may try its global keys.
    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action>;

    /// Reloads what the pane shows for `shared.day`, inside the shell's read transaction.
    /// Returns a notice for the clerk, such as what yesterday left behind.
    fn refresh(&mut self, store: &Store, shared: &Shared) -> store::Result<Option<Said>>;

    /// What the pane shows whoever has just signed in, as a page over the screen:
    /// `first_today` when nobody signed in earlier this office day (HND-8: the day starts
    /// with yesterday's open complaints and repairs). Reads only.
    fn greet(
        &mut self,
        _store: &Store,
        _view: &View,
        _first_today: bool,
    ) -> store::Result<Option<Info>> {
        Ok(None)
    }

    /// Does what a form of this pane's is for.
    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal>;

    /// Does an instant command of this pane's ([`Action::Command`]).
    fn command(&mut self, _command: &Purpose, _cx: &mut Context) -> Result<Done, Refusal> {
        Ok(Done::default())
    }

    /// A click at (`column`, `row`) on the pane, no form open: a row of its table is
    /// selected, as the arrows would select it.
    fn click(&mut self, _column: u16, _row: u16, _view: &View) {}

    /// Text pasted while no form is open (a search box); cleaned by the pane.
    fn paste(&mut self, _text: &str) {}

    /// Puts one of the pane's own records in front (its cursor on it, or its record open),
    /// loaded on the next tick; another pane's target is ignored.
    fn show(&mut self, _target: Target) {}

    /// Answers what the clerk just typed — a search box's query, a form's list or side
    /// panel, a record asked for — so that the list on screen is the list the next key acts
    /// on (issue 15 §2). The shell calls it after every key that reached the pane or one of
    /// its forms, before the next key is handled, and on every tick (another desk's change).
    /// `form` is the form on top if the pane owns it. Reads only.
    fn answer(
        &mut self,
        _store: &Store,
        _view: &View,
        _form: Option<&mut Form>,
    ) -> store::Result<()> {
        Ok(())
    }

    /// Called on every tick while the pane is shown, after [`Pane::answer`]: clocks and
    /// what other desks changed. `form` is the form on top if the pane owns it.
    fn tick(
        &mut self,
        _store: &Store,
        _view: &View,
        _form: Option<&mut Form>,
    ) -> store::Result<()> {
        Ok(())
    }

    /// New alerts were raised (issue 20 §3): the pane flashes the rows they name until
    /// `until`, drawn from the moment drawn; the events of other panes are ignored.
    fn flash(&mut self, _alerts: &[crate::domain::alert::AlertEvent], _until: DateTime<Utc>) {}

    /// Draws from what the pane holds; never touches the store.
    fn render(&self, frame: &mut Frame, area: Rect, view: &View);
}
