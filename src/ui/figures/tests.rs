//! Pane-level tests of the figures: the month it shows, stepped by keys, read on `answer`.

use chrono::{NaiveDate, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::FiguresPane;
use crate::domain::settings::OfficeSettings;
use crate::i18n::Lang;
use crate::store::Store;
use crate::ui::pane::{Action, Pane, View};
use crate::ui::shared::Shared;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn reg_10_the_months_step_back_and_forth_but_not_past_this_one_and_are_read_on_answer() {
    let now = Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let boss = store
        .set_up_office(
            "售楼处",
            "陈经理",
            "2468",
            "2468",
            &OfficeSettings::default(),
            now,
        )
        .unwrap();
    let shared = Shared::load(&store, now).unwrap();
    let operator = shared.staff.iter().find(|s| s.id == boss).unwrap().clone();
    let view = View {
        shared: &shared,
        lang: Lang::En,
        now,
        operator: &operator,
    };
    let mut pane = FiguresPane::default();
    pane.refresh(&store, &shared).unwrap();
    assert!(pane.loaded.is_none(), "refresh reads nothing itself");
    pane.answer(&store, &view, None).unwrap();
    let shown = |p: &FiguresPane| p.loaded.as_ref().map(|l| (l.month, l.figures.to));
    assert_eq!(shown(&pane), Some((d(2026, 3, 1), d(2026, 3, 31))));
    assert!(matches!(
        pane.handle_key(&key(']'), &view),
        Some(Action::Error(_))
    ));
    pane.handle_key(&key('['), &view);
    pane.handle_key(&key('['), &view);
    pane.answer(&store, &view, None).unwrap();
    assert_eq!(shown(&pane), Some((d(2026, 1, 1), d(2026, 1, 31))));
    pane.handle_key(&key(']'), &view);
    pane.answer(&store, &view, None).unwrap();
    assert_eq!(shown(&pane), Some((d(2026, 2, 1), d(2026, 2, 28))));
    pane.handle_key(&key('t'), &view);
    pane.answer(&store, &view, None).unwrap();
    assert_eq!(shown(&pane), Some((d(2026, 3, 1), d(2026, 3, 31))));
    assert!(pane.handle_key(&key('x'), &view).is_none());
}
