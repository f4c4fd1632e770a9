//! The lobby desk's transfers through the real binary: `frontdesk import units` (issue 9 §1:
//! the property office's sheet of units and occupants in Chinese or English, every bad row
//! named, all or nothing) and `frontdesk export evacuation` (issue 9 §2).

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::Utc;
use cli::{frontdesk, stderr, stdout};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::store::Store;

const PIN: &str = "2468";

/// An office with supervisor 陈经理 (PIN 2468).
fn office(dir: &Path) -> PathBuf {
    let path = dir.join("office.db");
    let mut store = Store::open(&path).unwrap();
    store
        .set_up_office(
            "测试物业",
            "陈经理",
            PIN,
            PIN,
            &OfficeSettings::default(),
            Utc::now(),
        )
        .unwrap();
    path
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(db: &Path, lang: &str, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", "units", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    frontdesk(db, lang, &args, &format!("{PIN}\n"))
}

fn directory(db: &Path) -> (usize, usize) {
    Store::open(db).unwrap().directory_size().unwrap()
}

const GOOD: &str = "物业住户名册\n楼栋,单元,房号,住户/公司,电话,类型,面积\n\
3号楼,2单元,1203,王芳,13800138000,住户,89\n\
3号楼,2单元,1204,,,,89\n\
A座,,801,蓝海科技有限公司,021-62345678;13900139000,,300\n";

#[test]
fn a_units_sheet_in_chinese_is_imported_whole_and_the_picker_finds_its_rooms() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = write(dir.path(), "units.csv", GOOD);
    let out = import(&db, "zh", &file, &["--supervisor", "陈经理"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("未使用的列:面积"), "{text}");
    assert!(text.contains("新增房号 3 个,新增住户或公司 2 个"), "{text}");
    assert_eq!(directory(&db), (2, 3));
    let store = Store::open(&db).unwrap();
    let hosts = store.occupants_matching("lhkj", 5).unwrap();
    assert_eq!(hosts[0].told_to_visitor(), "A座 801");
    let record = store.occupant(hosts[0].id).unwrap().unwrap();
    assert_eq!(record.occupant.phones.len(), 2);
    let audit = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!(audit.action, "import_units");
    // The same sheet again adds nothing.
    let again = import(&db, "zh", &file, &["--supervisor", "陈经理"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(directory(&db), (2, 3));
}

#[test]
fn an_english_sheet_with_bad_rows_imports_nothing_and_names_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = write(
        dir.path(),
        "units.csv",
        "Building,Unit,Room No.,Company or resident,Phone,Type\n\
         B,1,101,Zhao Qiang,13700137000,resident\n\
         ,1,102,Li Na,12345,\n\
         B,1,103,Acme,,warehouse\n",
    );
    let out = import(&db, "en", &file, &["--supervisor", "陈经理"]);
    assert!(!out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("line 3: Building: required; Phone: 12345 "),
        "{text}"
    );
    assert!(
        text.contains("line 4: Kind: “warehouse” is neither company nor resident"),
        "{text}"
    );
    assert!(stderr(&out).contains("2 rows cannot be imported, so nothing was imported"));
    assert_eq!(directory(&db), (0, 0), "all or nothing");
    // The dry run says the same and asks no PIN; --skip-bad imports the good row.
    let dry = frontdesk(
        &db,
        "en",
        &[
            "import",
            "units",
            file.to_str().unwrap(),
            "--dry-run",
            "--skip-bad",
        ],
        "",
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("Dry run: 1 rows can be imported"));
    assert_eq!(directory(&db), (0, 0));
    let skipped = import(&db, "en", &file, &["--skip-bad", "--supervisor", "陈经理"]);
    assert!(skipped.status.success(), "{}", stderr(&skipped));
    assert!(stdout(&skipped).contains("skipped line 3"));
    assert_eq!(directory(&db), (1, 1));
}

#[test]
fn a_units_import_needs_the_supervisors_pin_and_a_wrong_one_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = write(dir.path(), "units.csv", GOOD);
    let out = frontdesk(
        &db,
        "en",
        &[
            "import",
            "units",
            file.to_str().unwrap(),
            "--supervisor",
            "陈经理",
        ],
        "1111\n",
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Wrong PIN") || stderr(&out).contains("wrong PIN"),
        "{}",
        stderr(&out)
    );
    assert_eq!(directory(&db), (0, 0));
    let no_header = write(dir.path(), "other.csv", "姓名,电话\n王芳,13800138000\n");
    let out = import(&db, "en", &no_header, &["--supervisor", "陈经理"]);
    assert!(
        stderr(&out).contains("building and room columns are needed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_evacuation_list_is_a_plain_page_or_a_csv_of_everyone_inside_by_room() {
    use frontdesk::domain::lobby::{LobbyVisitForm, validate_lobby_visit};
    use frontdesk::domain::staff::Role;
    use frontdesk::store::lobby::Leaving;
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = write(dir.path(), "units.csv", GOOD);
    assert!(
        import(&db, "zh", &file, &["--supervisor", "陈经理"])
            .status
            .success()
    );
    {
        let mut store = Store::open(&db).unwrap();
        let boss = store.staff().unwrap()[0].id;
        let now = Utc::now();
        let approval = store.approve(None, boss, PIN, now).unwrap();
        let clerk = store
            .add_staff(boss, approval, "前台小刘", Role::Clerk, None, now)
            .unwrap();
        let mut ids = Vec::new();
        for (name, host, party) in [
            ("张先生", "lhkj", "2"),
            ("李女士", "wf", ""),
            ("赵", "wf", ""),
        ] {
            let host = store.occupants_matching(host, 1).unwrap()[0].id;
            let form = LobbyVisitForm {
                name: name.into(),
                host: Some(host),
                purpose: "拜访".into(),
                party: party.into(),
                ..LobbyVisitForm::default()
            };
            let v = validate_lobby_visit(&form).unwrap();
            ids.push(store.visitor_in(clerk, &v, now).unwrap());
        }
        store
            .visitor_out(clerk, Leaving::Visit(ids[2]), now)
            .unwrap();
    }
    let txt = dir.path().join("evacuation.txt");
    let out = frontdesk(
        &db,
        "zh",
        &[
            "export",
            "evacuation",
            "--out",
            txt.to_str().unwrap(),
            "--supervisor",
            "陈经理",
        ],
        &format!("{PIN}\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 批,3 人"), "{}", stdout(&out));
    let page = std::fs::read_to_string(&txt).unwrap();
    assert!(page.starts_with("疏散名单 测试物业"), "{page}");
    let lines: Vec<&str> = page.lines().collect();
    // Sorted by building: 3号楼 before A座; the visitor who left is not on it.
    assert!(
        lines[3].starts_with("3号楼") && lines[3].contains("王芳") && lines[3].contains("李女士"),
        "{page}"
    );
    assert!(
        lines[4].starts_with("A座") && lines[4].contains("张先生"),
        "{page}"
    );
    assert!(!page.contains("赵"), "{page}");
    let csv = dir.path().join("evacuation.csv");
    let out = frontdesk(
        &db,
        "en",
        &[
            "export",
            "evacuation",
            "--out",
            csv.to_str().unwrap(),
            "--supervisor",
            "陈经理",
        ],
        &format!("{PIN}\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{feff}Building,Unit,Room,Host,Visitor,People,Badge,Arrived\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4, "{text}");
    let audit = Store::open(&db)
        .unwrap()
        .audit_trail()
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(audit.action, "export_evacuation");
    let bad = frontdesk(
        &db,
        "en",
        &[
            "export",
            "evacuation",
            "--out",
            "list.xlsx",
            "--supervisor",
            "陈经理",
        ],
        "",
    );
    assert!(
        stderr(&bad).contains("must be a .csv or .txt file"),
        "{}",
        stderr(&bad)
    );
}
