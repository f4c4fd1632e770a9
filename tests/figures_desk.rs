//! The figures tab (统计, REG-10) through the shell: the dashboard of the demo office at 80×24
//! in both languages, and the keys that step through the months.

mod common;
mod demo_tabs;

use common::*;
use frontdesk::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

/// The figures tab: third, after the rotation and the registers, at a sales desk.
fn figures(lang: Lang) -> frontdesk::ui::App {
    let mut app = demo_app(lang);
    press(&mut app, KeyCode::Char(demo_tabs::FIGURES));
    app
}

#[test]
fn snapshot_reg_10_the_dashboard_of_the_demo_office_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let app = figures(lang);
        insta::assert_snapshot!(format!("figures_{lang:?}"), screen(&app, 80, 24));
    }
}

#[test]
fn reg_10_the_dashboard_shows_this_month_and_steps_back_a_month_and_forward_to_this_one() {
    let mut app = figures(Lang::En);
    let s = screen(&app, 80, 24);
    assert!(s.contains("2026-11 visits"), "{s}");
    // No visitor yet today in the demo at 11:30: the month's hours.
    for title in [
        "Walk-ins by hour, month",
        "Visits by source",
        "Salespeople",
        "per day",
    ] {
        assert!(s.contains(title), "{title}:\n{s}");
    }
    press(&mut app, KeyCode::Char('['));
    let s = screen(&app, 80, 24);
    assert!(s.contains("2026-10 visits"), "{s}");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char(']'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("2026-11 visits"), "{s}");
    assert!(one_line(&s).contains("This is the current month"), "{s}");
}

#[test]
fn the_dashboard_draws_at_any_size_without_panicking() {
    for lang in [Lang::Zh, Lang::En] {
        let app = figures(lang);
        for (w, h) in [(1, 1), (20, 5), (59, 24), (80, 14), (120, 40)] {
            let _ = screen(&app, w, h);
        }
    }
}
