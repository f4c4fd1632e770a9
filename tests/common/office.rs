//! The small office the command-line tests run the binary on.
#![allow(dead_code)] // each test file uses its part

use std::path::{Path, PathBuf};

use chrono::Utc;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::Role;
use frontdesk::store::Store;

/// The supervisor's PIN.
pub const PIN: &str = "2468";

/// A small office: supervisor 陈经理 (PIN 2468) and salespeople 王芳 and 李娜.
pub fn small_office(dir: &Path) -> PathBuf {
    let path = dir.join("office.db");
    let mut store = Store::open(&path).unwrap();
    let now = Utc::now();
    let boss = store
        .set_up_office(
            "测试售楼处",
            "陈经理",
            PIN,
            PIN,
            &OfficeSettings::default(),
            now,
        )
        .unwrap();
    let approval = store.approve(None, boss, PIN, now).unwrap();
    for name in ["王芳", "李娜"] {
        store
            .add_staff(boss, approval, name, Role::Salesperson, None, now)
            .unwrap();
    }
    path
}

/// A database file in `dir` opened once and never set up: no office, so no office name.
pub fn never_set_up(dir: &Path) -> PathBuf {
    let path = dir.join("new.db");
    drop(Store::open(&path).unwrap());
    path
}
