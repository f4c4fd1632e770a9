//! `frontdesk export` and `frontdesk import` through the real binary, and the demo's register
//! (issue 8 §3).

use std::time::Instant;

use chrono::Utc;
use frontdesk::demo;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::store::Store;

#[test]
#[ignore = "a timing: cargo test --release --test transfer -- --ignored --nocapture"]
fn demo_populate_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let started = Instant::now();
    demo::populate(&mut store, &OfficeSettings::default(), Utc::now()).unwrap();
    println!("demo populate on a file: {:.2?}", started.elapsed());
}

#[test]
#[ignore = "a timing"]
fn demo_parts_time() {
    use frontdesk::domain::staff::StaffId;
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let staff: Vec<StaffId> = (2..13).map(StaffId).collect();
    let t = Instant::now();
    let r = demo::register::generate(&staff, Utc::now(), tz, demo::register::Size::FULL);
    println!(
        "generate: {:.2?} {} visits {} calls {} fixes",
        t.elapsed(),
        r.visits.len(),
        r.calls.len(),
        r.corrections.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let t = Instant::now();
    let boss = store
        .set_up_office(
            "x",
            "boss",
            "1234",
            "1234",
            &OfficeSettings::default(),
            Utc::now(),
        )
        .unwrap();
    println!("setup: {:.2?}", t.elapsed());
    let t = Instant::now();
    let a = store.approve(None, boss, "1234", Utc::now()).unwrap();
    println!("approve: {:.2?}", t.elapsed());
    for i in 0..11 {
        store
            .add_staff(
                boss,
                a,
                &format!("s{i}"),
                frontdesk::domain::staff::Role::Salesperson,
                None,
                Utc::now(),
            )
            .unwrap();
    }
    let t = Instant::now();
    store
        .register_in_bulk(boss, &r.visits, &r.calls, "x", Utc::now())
        .unwrap();
    println!("bulk: {:.2?}", t.elapsed());
}
