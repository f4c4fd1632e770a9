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
    let view = View::live(&shared, Lang::En, now, &operator);
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

#[test]
fn reg_10_the_hours_are_today_s_once_today_had_a_visitor_and_the_month_s_before_or_for_a_past_month()
 {
    use chrono::Utc as U;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::{Loaded, draw};
    use crate::domain::figures::{VisitFact, tally};
    use crate::domain::staff::StaffId;

    let now = Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0).unwrap();
    let store = {
        let mut store = Store::open_in_memory().unwrap();
        store
            .set_up_office(
                "售楼处",
                "陈经理",
                "2468",
                "2468",
                &OfficeSettings::default(),
                now,
            )
            .unwrap();
        store
    };
    let shared = Shared::load(&store, now).unwrap();
    let operator = shared.staff[0].clone();
    let view = View::live(&shared, Lang::En, now, &operator);
    let tz = shared.settings.timezone();
    let visit = VisitFact {
        at: U.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap(),
        salesperson: StaffId(9),
        source: None,
        returning: false,
    };
    let figures = tally(d(2026, 3, 1), d(2026, 3, 31), tz, &[visit], &[], &[]);
    let shown = |today_by_hour: [u32; 24], month: NaiveDate| {
        let loaded = Loaded {
            day: d(2026, 3, 10),
            month,
            figures: figures.clone(),
            today_by_hour,
        };
        let mut terminal = Terminal::new(TestBackend::new(80, 22)).unwrap();
        terminal
            .draw(|f| draw::render(Some(&loaded), f, f.area(), &view))
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..80).map(|x| buffer[(x, 1)].symbol()).collect::<String>()
    };
    let mut today = [0; 24];
    today[9] = 1;
    assert!(shown(today, d(2026, 3, 1)).contains("Walk-ins by hour 03-10"));
    assert!(shown([0; 24], d(2026, 3, 1)).contains("Walk-ins by hour, month"));
    assert!(shown(today, d(2026, 2, 1)).contains("Walk-ins by hour, month"));
}
