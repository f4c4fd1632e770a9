//! `frontdesk import units FILE [--dry-run] [--skip-bad] --supervisor NAME`: the property
//! office's spreadsheet of units and occupants into the lobby desk's directory (issue 9 §1),
//! by the register import's rules: headers in Chinese or English found in the first rows,
//! every row checked as the directory checks it and every bad one named by its line, all in
//! one transaction or nothing (unless `--skip-bad`), `--dry-run` writing nothing and asking
//! no PIN.
//!
//! Choices:
//! - A row is a unit (building, unit, room) and, when it names one, its occupant (company or
//!   resident, phones, kind). A row without a name is a vacant unit; a phone or a kind
//!   without a name is refused (whose phone would it be?).
//! - Several phones in one cell are separated by `,` `;` `、` or `/`.
//! - An empty kind is guessed from the name (`…有限公司` is a company).
//! - Importing the same sheet again adds nothing: a unit already in the directory is kept, and
//!   an occupant of the same unit with the same name has its phones and kind replaced.

use std::collections::HashMap;
use std::io::Write;

use super::import::{
    HEADER_SEARCH_ROWS, ImportArgs, colon, fold, phone_reason, separator, text_reason,
};
use super::sheet::{self, Cell, Format, Row};
use super::text::Tr;
use super::{Failure, failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::lobby::{
    DirError, DirField, DirProblem, OccupantForm, UnitAddress, validate_occupant,
};
use crate::i18n::Lang;
use crate::store::lobby::ImportedUnit;
use crate::words::describe::startup_error;

/// What a column of the property office's sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Building,
    Unit,
    Room,
    Name,
    Phone,
    Kind,
}

/// Headers, folded as the register import folds them, and the column each names.
const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::Building,
        &[
            "楼栋", "楼号", "栋", "栋号", "楼", "楼宇", "楼座", "座", "大楼", "building", "block",
            "tower", "bldg",
        ],
    ),
    (
        Column::Unit,
        &["单元", "单元号", "unit", "entrance", "unitno"],
    ),
    (
        Column::Room,
        &[
            "房号",
            "房间",
            "房间号",
            "室",
            "室号",
            "门牌",
            "门牌号",
            "户号",
            "room",
            "roomno",
            "roomnumber",
            "suite",
            "flat",
            "apartment",
            "door",
        ],
    ),
    (
        Column::Name,
        &[
            "住户",
            "公司",
            "住户公司",
            "公司住户",
            "业主",
            "业主姓名",
            "姓名",
            "名称",
            "户主",
            "租户",
            "单位名称",
            "公司名称",
            "住户名称",
            "name",
            "occupant",
            "tenant",
            "resident",
            "company",
            "owner",
            "companyorresident",
            "residentorcompany",
        ],
    ),
    (
        Column::Phone,
        &[
            "电话",
            "联系电话",
            "手机",
            "手机号",
            "手机号码",
            "电话号码",
            "联系方式",
            "phone",
            "phones",
            "mobile",
            "tel",
            "telephone",
            "phonenumber",
        ],
    ),
    (
        Column::Kind,
        &[
            "类型",
            "类别",
            "性质",
            "住户类型",
            "用途",
            "kind",
            "type",
            "category",
        ],
    ),
];

fn column_of(header: &str) -> Option<Column> {
    let folded = fold(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&folded.as_str()))
        .map(|(column, _)| *column)
}

struct Header {
    at: usize,
    columns: HashMap<Column, usize>,
    ignored: Vec<String>,
}

/// The first row (of the first [`HEADER_SEARCH_ROWS`]) naming both a building and a room.
fn find_header(rows: &[Row]) -> Option<Header> {
    rows.iter()
        .enumerate()
        .take(HEADER_SEARCH_ROWS)
        .find_map(|(at, row)| {
            let mut columns = HashMap::new();
            let mut ignored = Vec::new();
            for (i, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.is_empty() {
                    continue;
                }
                match column_of(&text) {
                    Some(column) if !columns.contains_key(&column) => {
                        columns.insert(column, i);
                    }
                    _ => ignored.push(text),
                }
            }
            (columns.contains_key(&Column::Building) && columns.contains_key(&Column::Room))
                .then_some(Header {
                    at,
                    columns,
                    ignored,
                })
        })
}

struct Checked {
    good: Vec<ImportedUnit>,
    bad: Vec<(usize, String)>,
    ignored: Vec<String>,
}

fn check(rows: &[Row], lang: Lang) -> Result<Checked, Tr> {
    let header = find_header(rows).ok_or(Tr::ErrNoUnitHeader)?;
    let mut checked = Checked {
        good: Vec::new(),
        bad: Vec::new(),
        ignored: header.ignored.clone(),
    };
    for row in &rows[header.at + 1..] {
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        match check_row(&header, row, lang) {
            Ok(good) => checked.good.push(good),
            Err(reasons) => checked.bad.push((row.line, reasons.join(separator(lang)))),
        }
    }
    if checked.good.is_empty() && checked.bad.is_empty() {
        return Err(Tr::ErrNoRows);
    }
    Ok(checked)
}

fn check_row(header: &Header, row: &Row, lang: Lang) -> Result<ImportedUnit, Vec<String>> {
    let text = |column: Column| {
        header
            .columns
            .get(&column)
            .and_then(|&i| row.cells.get(i))
            .map_or_else(String::new, Cell::text)
    };
    let form = OccupantForm {
        building: text(Column::Building),
        unit: text(Column::Unit),
        room: text(Column::Room),
        name: text(Column::Name),
        phones: text(Column::Phone),
        kind: text(Column::Kind),
    };
    let reasons = |errors: Vec<DirError>| -> Vec<String> {
        errors.iter().map(|e| dir_error(e, lang)).collect()
    };
    if form.name.trim().is_empty() {
        let mut errors = match UnitAddress::parse(&form.building, &form.unit, &form.room) {
            Ok(address) if form.phones.is_empty() && form.kind.is_empty() => {
                return Ok(ImportedUnit::Vacant(address));
            }
            Ok(_) => Vec::new(),
            Err(errors) => reasons(errors),
        };
        if !form.phones.is_empty() || !form.kind.is_empty() {
            errors.push(format!(
                "{}{}{}",
                Tr::ColOccupant.text(lang),
                colon(lang),
                Tr::ReasonPhoneWithoutName.text(lang)
            ));
        }
        return Err(errors);
    }
    validate_occupant(&form)
        .map(ImportedUnit::Occupied)
        .map_err(reasons)
}

/// One field's error, named as the sheet's header names the column.
fn dir_error(e: &DirError, lang: Lang) -> String {
    let field = match e.field {
        DirField::Building => Tr::ColBuilding,
        DirField::Unit => Tr::ColUnit,
        DirField::Room => Tr::ColRoom,
        DirField::Name => Tr::ColOccupant,
        DirField::Phone => Tr::ColPhone,
        DirField::Kind => Tr::ColKind,
    };
    let why = match &e.problem {
        DirProblem::Text(t) => text_reason(*t, lang),
        DirProblem::Phone(value, p) => format!("{value} {}", phone_reason(*p, lang)),
        DirProblem::TooManyPhones(max) => say(Tr::ReasonTooManyPhones, lang, &[("max", max)]),
        DirProblem::Kind(value) => say(Tr::ReasonKind, lang, &[("value", value)]),
    };
    format!("{}{}{why}", field.text(lang), colon(lang))
}

pub(super) fn run(
    args: &ImportArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    let lang = language(overrides, env_lang, early_lang);
    let path = args.file.display();
    let Some(format) = Format::of(&args.file) else {
        return Err(failure(
            lang,
            say(Tr::ErrImportExtension, lang, &[("path", &path)]),
        ));
    };
    let mut office = open_office(overrides, env_lang, early_lang)?;
    let lang = office.lang;
    let rows = sheet::read(&args.file, format).map_err(|detail| {
        office.fail(say(
            Tr::ErrRead,
            lang,
            &[("path", &path), ("detail", &detail)],
        ))
    })?;
    let checked = check(&rows, lang).map_err(|key| {
        let rows = HEADER_SEARCH_ROWS;
        office.fail(say(key, lang, &[("path", &path), ("rows", &rows)]))
    })?;
    let mut out = std::io::stdout().lock();
    let mut line = |text: String| {
        let _ = writeln!(out, "{text}");
    };
    if !checked.ignored.is_empty() {
        line(say(
            Tr::ImportIgnored,
            lang,
            &[("columns", &checked.ignored.join(", "))],
        ));
    }
    let listed = match args.skip_bad {
        true => Tr::SkippedLine,
        false => Tr::BadLine,
    };
    for (n, reason) in &checked.bad {
        line(say(listed, lang, &[("line", n), ("reason", reason)]));
    }
    let bad = checked.bad.len();
    if args.dry_run {
        if bad > 0 {
            line(say(Tr::DryRunBad, lang, &[("count", &bad)]));
        }
        line(say(
            Tr::UnitsDryRunDone,
            lang,
            &[("count", &checked.good.len())],
        ));
        return match bad == 0 || args.skip_bad {
            true => Ok(()),
            false => Err(office.fail(say(Tr::ErrBadRows, lang, &[("count", &bad)]))),
        };
    }
    if bad > 0 && !args.skip_bad {
        return Err(office.fail(say(Tr::ErrBadRows, lang, &[("count", &bad)])));
    }
    if checked.good.is_empty() {
        return Err(office.fail(say(Tr::ErrNoRows, lang, &[("path", &path)])));
    }
    let Some(supervisor) = args.supervisor.as_deref() else {
        return Err(office.fail(Tr::ErrNeedsSupervisor.text(lang).to_owned()));
    };
    let (_, approval) = office.approval(supervisor)?;
    let done = office
        .store
        .import_units(
            approval,
            &checked.good,
            &file_name(&args.file),
            bad,
            office.now(),
        )
        .map_err(|e| office.fail(startup_error(&e, lang)))?;
    if bad > 0 {
        line(say(Tr::ImportSkipped, lang, &[("count", &bad)]));
    }
    line(say(
        Tr::UnitsImportDone,
        lang,
        &[
            ("count", &checked.good.len()),
            ("path", &path),
            ("units", &done.units_added),
            ("added", &done.occupants_added),
            ("updated", &done.occupants_updated),
        ],
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_headers_are_recognised_in_chinese_and_english() {
        for (header, column) in [
            ("楼栋", Column::Building),
            ("Building", Column::Building),
            ("单元", Column::Unit),
            ("房号", Column::Room),
            ("Room No.", Column::Room),
            ("住户/公司", Column::Name),
            ("Company", Column::Name),
            ("联系电话", Column::Phone),
            ("类型", Column::Kind),
            ("Type", Column::Kind),
        ] {
            assert_eq!(column_of(header), Some(column), "{header}");
        }
        assert_eq!(column_of("面积"), None);
    }

    #[test]
    fn a_row_without_a_name_is_a_vacant_unit_unless_it_has_a_phone() {
        let row = |cells: &[&str]| Row {
            line: 2,
            cells: cells.iter().map(|c| Cell::Text((*c).into())).collect(),
        };
        let header = find_header(&[row(&["楼栋", "单元", "房号", "住户", "电话"])]).unwrap();
        assert!(matches!(
            check_row(&header, &row(&["1号楼", "1", "101", "", ""]), Lang::En),
            Ok(ImportedUnit::Vacant(_))
        ));
        let reasons = check_row(
            &header,
            &row(&["1号楼", "1", "101", "", "13800138000"]),
            Lang::En,
        )
        .unwrap_err();
        assert_eq!(reasons, ["Name: a phone or kind without a name"]);
        let reasons =
            check_row(&header, &row(&["", "1", "101", "王芳", "12345"]), Lang::En).unwrap_err();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(reasons[0].starts_with("Building: "));
        assert!(reasons[1].starts_with("Phone: 12345 "));
    }
}
