//! Pictures of every screen, in both languages at 80×24 (and the help at 120×40), so a
//! change to any of them shows up in review. Update with `INSTA_UPDATE=always cargo test`.

mod common;
mod demo_tabs;

use common::*;
use frontdesk::i18n::Lang;
use frontdesk::ui::App;
use ratatui::crossterm::event::KeyCode;

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// Snapshots `app` at 80×24 under `name_<lang>`.
fn picture(name: &str, lang: Lang, app: &App) {
    insta::assert_snapshot!(format!("{name}_{}", lang_tag(lang)), screen(app, 80, 24));
}

fn both(name: &str, make: impl Fn(Lang) -> App) {
    for lang in [Lang::Zh, Lang::En] {
        picture(name, lang, &make(lang));
    }
}

#[test]
fn screen_set_up() {
    both("set_up", fresh);
}

#[test]
fn screen_set_up_refusing_a_mismatched_pin() {
    both("set_up_error", |lang| {
        let mut app = fresh(lang);
        typed(&mut app, "西堤国际售楼处");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "陈经理");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "2468");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "2469");
        save(&mut app);
        app
    });
}

#[test]
fn screen_sign_in() {
    both("sign_in", |lang| {
        let mut app = demo_app(lang);
        common::sign_out(&mut app);
        app
    });
}

#[test]
fn screen_staff_pane() {
    both("staff", |lang| {
        let mut app = demo_app(lang);
        press(&mut app, KeyCode::Char(demo_tabs::STAFF));
        app
    });
}

#[test]
fn screen_help() {
    both("help", |lang| {
        let mut app = demo_app(lang);
        press(&mut app, KeyCode::Char('?'));
        app
    });
}

#[test]
fn screen_help_at_120x40() {
    let mut app = demo_app(Lang::Zh);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help_120x40_zh", screen(&app, 120, 40));
}

#[test]
fn screen_days_log() {
    both("log", |lang| {
        let mut app = demo_app(lang);
        press(&mut app, KeyCode::Char('g'));
        app
    });
}

#[test]
fn screen_end_reception_refusing_a_filter_that_matches_nothing() {
    both("end_error", |lang| {
        let mut app = demo_app(lang);
        press(&mut app, KeyCode::Char('e'));
        press(&mut app, KeyCode::Enter); // whose reception: the cursor on the first listed
        press(&mut app, KeyCode::Enter); // chosen
        typed(&mut app, "zz");
        press(&mut app, KeyCode::Enter);
        app
    });
}

/// The deals tab after a walk-in's deal is recorded through its form, and that deal's
/// record opened from the list.
fn deals(lang: Lang, open: bool) -> App {
    let mut app = demo_app(lang);
    press(&mut app, KeyCode::Char(demo_tabs::DEALS));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab); // the signing time: now
    press(&mut app, KeyCode::Tab); // the kind: a customer
    typed(&mut app, "3栋");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1201");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "赵新、钱美");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13911112222");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "5万");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1280000");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "李娜");
    save(&mut app);
    if open {
        press(&mut app, KeyCode::Enter);
    }
    app
}

#[test]
fn screen_deals_list() {
    both("deals", |lang| deals(lang, false));
}

#[test]
fn screen_deal_record() {
    both("deal_record", |lang| deals(lang, true));
}
