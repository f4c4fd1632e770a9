//! `frontdesk import visits|calls FILE [--dry-run] [--skip-bad] --supervisor NAME`: an
//! office's existing visitor or phone register (a spreadsheet) into the register, every row
//! validated as the desk's form validates it, all in one transaction (issue 8 §3, §5; issue
//! 18). The two share the header finder and the row loop; [`Kind`] is what differs.
//!
//! Choices:
//! - **Columns are found by their header**, in Chinese or English and with common synonyms
//!   ([`HEADERS`]); the header row may be below a title (the first [`HEADER_SEARCH_ROWS`]
//!   rows are searched for it). Columns not recognised are named in the report. A column
//!   named twice is read from its first place.
//! - **The original dates are kept**, read as office time (a date without a time is the
//!   start of that day), so protection windows run from when the customer really came. A
//!   date in the future is refused: it would protect a customer for longer than the policy.
//! - **A salesperson on the staff list** is matched by name (any role, active or not);
//!   anyone else is added as an inactive salesperson in the same transaction, so history
//!   keeps its owners, and named in the report. Only names on rows that are imported are
//!   added.
//! - **Rows are the file's lines** (CSV, counting from 1 with the header) or the sheet's row
//!   numbers as the spreadsheet shows them. Empty rows are skipped; an export's last row (the
//!   chain heads) ends the data, so an export can be imported into another office's file.
//! - **`--dry-run` needs no PIN**: it writes nothing and shows nothing that is not in the file.
//! - A row the register already holds (same time, name, phone and salesperson or answerer)
//!   is not written again and its line is named: importing the same file twice doubles
//!   nothing (issue 16 §3).
//! - A call's answerer is found and added as a visit's salesperson is; where the policy makes
//!   calls evidence (REG-9) the imported calls count in the ownership check as the desk's do.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDateTime, NaiveTime, Utc};

use super::sheet::{self, Cell, Format, Row};
use super::text::Tr;
use super::{Failure, Office, dates, failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::register::{
    CallForm, Class, Field, FieldError, PhoneError, PlateError, Problem, Source, VisitForm,
    validate_call, validate_visit,
};
use crate::domain::staff::{StaffId, validate_name};
use crate::domain::text::TextError;
use crate::i18n::Lang;
use crate::store::register_export::{Imported, ImportedCall, ImportedVisit, Receiver};
use crate::store::{Approval, Store, StoreError};
use crate::words::describe::startup_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportRegister {
    /// The visitor register (REG-1).
    Visits,
    /// The phone register (REG-2).
    Calls,
    /// The building's units and occupants, for the lobby desk (issue 9 §1).
    Units,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// What to import: the visitor register, the phone register, or the building's units
    /// and occupants.
    #[arg(value_enum)]
    pub register: ImportRegister,
    /// The office's register or directory: FILE.csv, FILE.xlsx or FILE.xls.
    pub file: PathBuf,
    /// Check every row and report, writing nothing (no PIN needed).
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and list the bad ones skipped; without it one bad row imports
    /// nothing.
    #[arg(long)]
    pub skip_bad: bool,
    /// The supervisor who approves the import with their PIN.
    #[arg(long, value_name = "NAME", required_unless_present = "dry_run")]
    pub supervisor: Option<String>,
}

/// What a column of the office's sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    Phone,
    Date,
    /// A time of day beside a date column (or the date itself when there is no date column).
    Time,
    Salesperson,
    Plate,
    WorkUnit,
    Intent,
    Source,
    Class,
    Party,
    CarBrand,
    Notes,
    /// A call's question.
    Question,
}

/// How many rows from the top may hold titles before the header row.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// Headers, folded as [`fold`] folds them, and the column each names.
const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::Name,
        &[
            "姓名",
            "客户姓名",
            "客户名称",
            "客户",
            "名字",
            "来访人",
            "来访客户",
            "来电人",
            "来电客户",
            "name",
            "customer",
            "customername",
            "fullname",
            "caller",
            "callername",
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
            "客户电话",
            "phone",
            "mobile",
            "tel",
            "telephone",
            "phonenumber",
            "mobilephone",
        ],
    ),
    (
        Column::Date,
        &[
            "日期",
            "来访日期",
            "来访时间",
            "到访日期",
            "到访时间",
            "登记日期",
            "登记时间",
            "来电时间",
            "来电日期",
            "date",
            "visitedat",
            "visitdate",
            "visittime",
            "datetime",
            "visited",
            "calledat",
            "calldate",
            "calltime",
        ],
    ),
    (Column::Time, &["时间", "时刻", "time"]),
    (
        Column::Salesperson,
        &[
            "置业顾问",
            "销售",
            "销售员",
            "销售人员",
            "接待",
            "接待人",
            "接待销售",
            "接待员",
            "接待人员",
            "业务员",
            "售楼员",
            "顾问",
            "salesperson",
            "sales",
            "agent",
            "receivedby",
            "consultant",
            "salesman",
            "接听人",
            "接听销售",
            "接听",
            "接听人员",
            "answeredby",
            "answerer",
        ],
    ),
    (
        Column::Plate,
        &[
            "车牌",
            "车牌号",
            "车牌号码",
            "plate",
            "carplate",
            "licenseplate",
            "platenumber",
        ],
    ),
    (
        Column::WorkUnit,
        &[
            "单位",
            "住址",
            "单位或住址",
            "单位住址",
            "工作单位",
            "地址",
            "居住地址",
            "居住区域",
            "workunit",
            "address",
            "company",
            "employer",
            "workunitoraddress",
        ],
    ),
    (
        Column::Intent,
        &[
            "意向",
            "购房意向",
            "意向户型",
            "需求",
            "购买意向",
            "intent",
            "purchaseintent",
            "interest",
        ],
    ),
    (
        Column::Source,
        &[
            "来源",
            "信息来源",
            "获知渠道",
            "渠道",
            "媒体",
            "来访渠道",
            "客户来源",
            "source",
            "channel",
            "howheard",
            "media",
        ],
    ),
    (
        Column::Class,
        &[
            "类别",
            "客户类别",
            "级别",
            "客户级别",
            "等级",
            "客户等级",
            "分类",
            "class",
            "category",
            "grade",
        ],
    ),
    (
        Column::Party,
        &[
            "随行",
            "随行人员",
            "同行",
            "同行人",
            "同行人员",
            "家庭成员",
            "party",
            "companions",
            "groupmembers",
        ],
    ),
    (
        Column::CarBrand,
        &[
            "车型",
            "车辆品牌",
            "汽车品牌",
            "品牌",
            "carbrand",
            "car",
            "brand",
            "vehicle",
        ],
    ),
    (
        Column::Question,
        &[
            "咨询内容",
            "问题",
            "咨询",
            "咨询问题",
            "来电内容",
            "question",
            "questions",
            "inquiry",
            "enquiry",
        ],
    ),
    (
        Column::Notes,
        &[
            "备注", "说明", "其他", "notes", "note", "remarks", "remark", "comment", "comments",
        ],
    ),
];

/// Other names offices give the built-in sources, folded.
const SOURCE_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "signage",
        &["路牌", "户外", "广告牌", "围挡", "billboard", "outdoor"],
    ),
    (
        "newspaper",
        &["报刊", "报广", "报纸广告", "newspaper", "press"],
    ),
    (
        "web",
        &[
            "网站",
            "互联网",
            "网上",
            "网络广告",
            "internet",
            "online",
            "website",
        ],
    ),
    (
        "customer_referral",
        &[
            "老带新",
            "客户介绍",
            "朋友介绍",
            "介绍",
            "referral",
            "customerreferral",
        ],
    ),
    (
        "passing_by",
        &["途经", "路过看到", "walkin", "passing", "passingby"],
    ),
    (
        "phone_inquiry",
        &["来电", "电话", "电话咨询", "call", "phone", "phoneinquiry"],
    ),
];

/// A header or a value folded for comparison: NFKC, lower case, without spaces and the
/// punctuation offices put in headers (`*电话:`, `单位/住址`, `Visited at`).
pub(super) fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !"*:：()（）/\\_-.·#、".contains(*c))
        .collect()
}

fn column_of(header: &str) -> Option<Column> {
    let folded = fold(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&folded.as_str()))
        .map(|(column, _)| *column)
}

/// The header row: its index in `rows`, where each known column is, and the headers not used.
struct Header {
    at: usize,
    columns: HashMap<Column, usize>,
    ignored: Vec<String>,
}

/// The header row of a register of `kind`: the first row naming one of its identity columns
/// and another of its columns. A known column the kind does not read is listed as ignored.
fn find_header(rows: &[Row], kind: &Columns) -> Option<Header> {
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
                match column_of(&text).filter(|c| kind.read.contains(c)) {
                    Some(column) if !columns.contains_key(&column) => {
                        columns.insert(column, i);
                    }
                    _ => ignored.push(text),
                }
            }
            let identity = kind.identity.iter().any(|c| columns.contains_key(c));
            (identity && columns.len() >= 2).then_some(Header {
                at,
                columns,
                ignored,
            })
        })
}

/// The last row of an export (the chain heads), in either language.
fn is_footer(row: &Row) -> bool {
    let first = row.cells.iter().map(Cell::text).find(|t| !t.is_empty());
    first
        .is_some_and(|t| t == Tr::FooterLabel.text(Lang::Zh) || t == Tr::FooterLabel.text(Lang::En))
}

/// The columns a register reads, and those of them that identify a customer (REG-3).
struct Columns {
    read: &'static [Column],
    identity: &'static [Column],
}

/// What differs between importing the visitor register and the phone register: the columns,
/// the form a row fills, the store's calls and the words of the report.
trait Kind {
    /// A checked row, its receiver not yet numbered.
    type Row;
    const COLUMNS: Columns;
    /// The column the salesperson is named in, as a reason names it.
    const SALESPERSON: Tr;
    const DONE: Tr;
    const DRY_RUN_DONE: Tr;
    /// The row's form filled from the shared cells and validated as the desk validates it.
    fn form(cells: &Cells<'_>, shared: Shared) -> Result<Self::Row, Vec<FieldError>>;
    fn with_receiver(row: Self::Row, receiver: Receiver) -> Self::Row;
    fn already(store: &Store, rows: &[Self::Row]) -> Result<Vec<usize>, StoreError>;
    fn import(
        store: &mut Store,
        approval: Approval,
        new_salespeople: &[String],
        rows: &[Self::Row],
        file: &str,
        skipped: usize,
        now: DateTime<Utc>,
    ) -> Result<Imported, StoreError>;
}

/// What the shared loop reads of every row: when, who received or answered, where the
/// customer heard of the project, and the class.
struct Shared {
    at: DateTime<Utc>,
    salesperson: Option<StaffId>,
    source: Option<Source>,
    /// Read only from the visitor register (a call's [`Columns`] has no class column).
    class: Option<Class>,
}

/// The visitor register (REG-1).
struct Visits;

impl Kind for Visits {
    type Row = ImportedVisit;
    const COLUMNS: Columns = Columns {
        read: &[
            Column::Name,
            Column::Phone,
            Column::Date,
            Column::Time,
            Column::Salesperson,
            Column::Plate,
            Column::WorkUnit,
            Column::Intent,
            Column::Source,
            Column::Class,
            Column::Party,
            Column::CarBrand,
            Column::Notes,
        ],
        identity: &[Column::Name, Column::Phone, Column::Plate],
    };
    const SALESPERSON: Tr = Tr::ColSalesperson;
    const DONE: Tr = Tr::ImportDone;
    const DRY_RUN_DONE: Tr = Tr::DryRunDone;

    fn form(cells: &Cells<'_>, shared: Shared) -> Result<ImportedVisit, Vec<FieldError>> {
        let form = VisitForm {
            visited_at: shared.at,
            name: cells.text(Column::Name),
            phone: cells.text(Column::Phone),
            work_unit: cells.text(Column::WorkUnit),
            intent: cells.text(Column::Intent),
            source: shared.source,
            salesperson: shared.salesperson,
            car_brand: cells.text(Column::CarBrand),
            plate: cells.text(Column::Plate),
            party: cells.text(Column::Party),
            class: shared.class,
            notes: cells.text(Column::Notes),
        };
        validate_visit(&form).map(|v| ImportedVisit {
            receiver: Receiver::Staff(v.registration.salesperson),
            visit: v.registration,
        })
    }

    fn with_receiver(row: ImportedVisit, receiver: Receiver) -> ImportedVisit {
        ImportedVisit { receiver, ..row }
    }

    fn already(store: &Store, rows: &[ImportedVisit]) -> Result<Vec<usize>, StoreError> {
        store.already_registered(rows)
    }

    fn import(
        store: &mut Store,
        approval: Approval,
        new_salespeople: &[String],
        rows: &[ImportedVisit],
        file: &str,
        skipped: usize,
        now: DateTime<Utc>,
    ) -> Result<Imported, StoreError> {
        store.import_visits(approval, new_salespeople, rows, file, skipped, now)
    }
}

/// The phone register (REG-2).
struct Calls;

impl Kind for Calls {
    type Row = ImportedCall;
    const COLUMNS: Columns = Columns {
        read: &[
            Column::Name,
            Column::Phone,
            Column::Date,
            Column::Time,
            Column::Salesperson,
            Column::Question,
            Column::Intent,
            Column::Source,
        ],
        identity: &[Column::Name, Column::Phone],
    };
    const SALESPERSON: Tr = Tr::ColAnsweredBy;
    const DONE: Tr = Tr::CallsImportDone;
    const DRY_RUN_DONE: Tr = Tr::CallsDryRunDone;

    fn form(cells: &Cells<'_>, shared: Shared) -> Result<ImportedCall, Vec<FieldError>> {
        let form = CallForm {
            called_at: shared.at,
            caller: cells.text(Column::Name),
            phone: cells.text(Column::Phone),
            question: cells.text(Column::Question),
            answered_by: shared.salesperson,
            intent: cells.text(Column::Intent),
            source: shared.source,
        };
        validate_call(&form).map(|c| ImportedCall {
            receiver: Receiver::Staff(c.registration.answered_by),
            call: c.registration,
        })
    }

    fn with_receiver(row: ImportedCall, receiver: Receiver) -> ImportedCall {
        ImportedCall { receiver, ..row }
    }

    fn already(store: &Store, rows: &[ImportedCall]) -> Result<Vec<usize>, StoreError> {
        store.calls_already_registered(rows)
    }

    fn import(
        store: &mut Store,
        approval: Approval,
        new_salespeople: &[String],
        rows: &[ImportedCall],
        file: &str,
        skipped: usize,
        now: DateTime<Utc>,
    ) -> Result<Imported, StoreError> {
        store.import_calls(approval, new_salespeople, rows, file, skipped, now)
    }
}

/// One row that can be imported, with its salesperson's name when they are not on the list.
struct Good<T> {
    /// The line the row is on, to name it if the register already holds it.
    line: usize,
    row: T,
    new_salesperson: Option<String>,
}

/// Everything the file holds, checked.
struct Checked<T> {
    good: Vec<Good<T>>,
    /// Line and reasons.
    bad: Vec<(usize, String)>,
    ignored: Vec<String>,
}

pub(super) fn run(
    args: &ImportArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    match args.register {
        ImportRegister::Units => super::import_units::run(args, overrides, env_lang, early_lang),
        ImportRegister::Visits => run_kind::<Visits>(args, overrides, env_lang, early_lang),
        ImportRegister::Calls => run_kind::<Calls>(args, overrides, env_lang, early_lang),
    }
}

fn run_kind<K: Kind>(
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
    let staff: HashMap<String, StaffId> = office
        .store
        .staff()
        .map_err(|e| office.fail(startup_error(&e, lang)))?
        .into_iter()
        .map(|s| (s.name.to_lowercase(), s.id))
        .collect();
    let checked = check::<K>(&office, &rows, &staff).map_err(|key| {
        let rows = HEADER_SEARCH_ROWS;
        office.fail(say(key, lang, &[("path", &path), ("rows", &rows)]))
    })?;
    let mut out = std::io::stdout().lock();
    let line = |out: &mut std::io::StdoutLock<'_>, text: String| {
        let _ = writeln!(out, "{text}");
    };
    if !checked.ignored.is_empty() {
        line(
            &mut out,
            say(
                Tr::ImportIgnored,
                lang,
                &[("columns", &checked.ignored.join(", "))],
            ),
        );
    }
    let listed = if args.skip_bad {
        Tr::SkippedLine
    } else {
        Tr::BadLine
    };
    for (n, reason) in &checked.bad {
        line(
            &mut out,
            say(listed, lang, &[("line", n), ("reason", reason)]),
        );
    }
    let lines: Vec<usize> = checked.good.iter().map(|g| g.line).collect();
    let (new_names, good) = number_new_salespeople::<K>(checked.good);
    let names = new_names.join(", ");
    if args.dry_run {
        if !checked.bad.is_empty() {
            line(
                &mut out,
                say(Tr::DryRunBad, lang, &[("count", &checked.bad.len())]),
            );
        }
        // What a real import would skip as already registered, named as it would name them.
        let already =
            K::already(&office.store, &good).map_err(|e| office.fail(startup_error(&e, lang)))?;
        for &at in &already {
            let n = lines.get(at).copied().unwrap_or_default();
            line(&mut out, say(Tr::DryRunAlready, lang, &[("line", &n)]));
        }
        if !new_names.is_empty() {
            line(&mut out, say(Tr::DryRunAdded, lang, &[("names", &names)]));
        }
        line(
            &mut out,
            say(
                K::DRY_RUN_DONE,
                lang,
                &[("count", &(good.len() - already.len()))],
            ),
        );
        return match checked.bad.is_empty() || args.skip_bad {
            true => Ok(()),
            false => Err(office.fail(say(Tr::ErrBadRows, lang, &[("count", &checked.bad.len())]))),
        };
    }
    if !checked.bad.is_empty() && !args.skip_bad {
        return Err(office.fail(say(Tr::ErrBadRows, lang, &[("count", &checked.bad.len())])));
    }
    if good.is_empty() {
        return Err(office.fail(say(Tr::ErrNoRows, lang, &[("path", &path)])));
    }
    let Some(supervisor) = args.supervisor.as_deref() else {
        return Err(office.fail(Tr::ErrNeedsSupervisor.text(lang).to_owned()));
    };
    let (_, approval) = office.approval(supervisor)?;
    let now = office.now();
    let imported = K::import(
        &mut office.store,
        approval,
        &new_names,
        &good,
        &file_name(&args.file),
        checked.bad.len(),
        now,
    )
    .map_err(|e| office.fail(startup_error(&e, lang)))?;
    if !checked.bad.is_empty() {
        line(
            &mut out,
            say(Tr::ImportSkipped, lang, &[("count", &checked.bad.len())]),
        );
    }
    // A register cannot delete: a row it already holds is never written twice (issue 16 §3).
    for &at in &imported.already {
        let n = lines.get(at).copied().unwrap_or_default();
        line(&mut out, say(Tr::AlreadyRegistered, lang, &[("line", &n)]));
    }
    if !new_names.is_empty() {
        line(&mut out, say(Tr::ImportAdded, lang, &[("names", &names)]));
    }
    line(
        &mut out,
        say(
            K::DONE,
            lang,
            &[
                ("count", &imported.rows),
                ("path", &path),
                ("head", &imported.head.short()),
            ],
        ),
    );
    Ok(())
}

/// The new salespeople in the order first named, and each row's receiver.
fn number_new_salespeople<K: Kind>(good: Vec<Good<K::Row>>) -> (Vec<String>, Vec<K::Row>) {
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let rows = good
        .into_iter()
        .map(|g| match g.new_salesperson {
            None => g.row,
            Some(name) => {
                let n = *index.entry(name.to_lowercase()).or_insert_with(|| {
                    names.push(name.clone());
                    names.len() - 1
                });
                K::with_receiver(g.row, Receiver::New(n))
            }
        })
        .collect();
    (names, rows)
}

/// Every row under the header checked; the catalog key of the failure when the file has no
/// header or nothing under it.
/// `staff`: everyone on the list by their name in lower case.
fn check<K: Kind>(
    office: &Office,
    rows: &[Row],
    staff: &HashMap<String, StaffId>,
) -> Result<Checked<K::Row>, Tr> {
    let header = find_header(rows, &K::COLUMNS).ok_or(Tr::ErrNoHeader)?;
    let now = office.now();
    let mut checked = Checked {
        good: Vec::new(),
        bad: Vec::new(),
        ignored: header.ignored.clone(),
    };
    for row in &rows[header.at + 1..] {
        if is_footer(row) {
            break;
        }
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        let cells = Cells {
            header: &header,
            row,
        };
        match check_row::<K>(office, &cells, staff, now) {
            Ok((good, new_salesperson)) => checked.good.push(Good {
                line: row.line,
                row: good,
                new_salesperson,
            }),
            Err(reasons) => checked
                .bad
                .push((row.line, reasons.join(separator(office.lang)))),
        }
    }
    if checked.good.is_empty() && checked.bad.is_empty() {
        return Err(Tr::ErrNoRows);
    }
    Ok(checked)
}

pub(super) fn separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ";",
        Lang::En => "; ",
    }
}

/// One row's cells, by the column the header says they are in.
struct Cells<'a> {
    header: &'a Header,
    row: &'a Row,
}

impl Cells<'_> {
    fn cell(&self, column: Column) -> &Cell {
        self.header
            .columns
            .get(&column)
            .and_then(|&i| self.row.cells.get(i))
            .unwrap_or(&Cell::Empty)
    }

    fn text(&self, column: Column) -> String {
        self.cell(column).text()
    }

    fn has(&self, column: Column) -> bool {
        self.header.columns.contains_key(&column)
    }
}

/// One row as a registration with its new salesperson's name, or every reason it cannot be
/// one.
fn check_row<K: Kind>(
    office: &Office,
    cells: &Cells<'_>,
    staff: &HashMap<String, StaffId>,
    now: DateTime<Utc>,
) -> Result<(K::Row, Option<String>), Vec<String>> {
    let lang = office.lang;
    let mut reasons = Vec::new();
    let mut reason = |field: Tr, why: String| {
        reasons.push(format!("{}{}{why}", field.text(lang), colon(lang)));
    };

    // The date, and the time beside it when the sheet keeps it in a column of its own.
    let (date_cell, time_cell) = match cells.has(Column::Date) {
        true => (cells.cell(Column::Date), Some(cells.cell(Column::Time))),
        false => (cells.cell(Column::Time), None),
    };
    let at = match date_of(date_cell, time_cell) {
        Ok(local) => {
            let at = dates::to_utc(local, office.tz);
            if at > now {
                let shown = local.format("%Y-%m-%d %H:%M");
                reason(
                    Tr::ColDate,
                    say(Tr::ReasonFuture, lang, &[("value", &shown)]),
                );
            }
            at
        }
        Err(None) => {
            reason(Tr::ColDate, Tr::ReasonRequired.text(lang).to_owned());
            now
        }
        Err(Some(value)) => {
            reason(Tr::ColDate, say(Tr::ReasonDate, lang, &[("value", &value)]));
            now
        }
    };

    // Only the visitor register reads a class column: a call's is always empty.
    let class = match class_of(&cells.text(Column::Class)) {
        Ok(class) => class,
        Err(value) => {
            reason(
                Tr::ColClass,
                say(Tr::ReasonClass, lang, &[("value", &value)]),
            );
            None
        }
    };

    let named = crate::domain::text::sanitize(&cells.text(Column::Salesperson));
    let (salesperson, new_salesperson) = if named.is_empty() {
        (None, None)
    } else if let Some(id) = staff.get(&named.to_lowercase()) {
        (Some(*id), None)
    } else {
        match validate_name(&named) {
            Ok(name) => (Some(StaffId(0)), Some(name)),
            Err(e) => {
                reason(K::SALESPERSON, text_reason(e, lang));
                (Some(StaffId(0)), None)
            }
        }
    };

    let source = {
        let t = cells.text(Column::Source);
        (!t.is_empty()).then(|| source_of(&t))
    };
    let shared = Shared {
        at,
        salesperson,
        source,
        class,
    };
    let validated = K::form(cells, shared);
    if let Err(errors) = &validated {
        for e in errors {
            reasons.push(field_error(e, lang));
        }
    }
    match validated {
        Ok(row) if reasons.is_empty() => Ok((row, new_salesperson)),
        _ => Err(reasons),
    }
}

pub(super) fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ":",
        Lang::En => ": ",
    }
}

/// The visit's local date and time; `Err(None)` when empty, `Err(Some(text))` when it is not
/// a date.
fn date_of(date: &Cell, time: Option<&Cell>) -> Result<NaiveDateTime, Option<String>> {
    let (day, at) = match date {
        Cell::Empty => return Err(None),
        Cell::DateTime(t) => (t.date(), Some(t.time()).filter(|t| *t != NaiveTime::MIN)),
        Cell::Number(n) => {
            let t = dates::excel_serial(*n).ok_or_else(|| Some(date.text()))?;
            (t.date(), Some(t.time()).filter(|t| *t != NaiveTime::MIN))
        }
        Cell::Text(t) => dates::parse(t).ok_or_else(|| Some(t.clone()))?,
    };
    let beside = match time {
        None | Some(Cell::Empty) => None,
        Some(Cell::DateTime(t)) => Some(t.time()),
        Some(Cell::Number(n)) if (0.0..1.0).contains(n) => {
            NaiveTime::from_num_seconds_from_midnight_opt((n * 86_400.0).round() as u32, 0)
        }
        Some(other) => dates::parse_time(&other.text()),
    };
    Ok(day.and_time(at.or(beside).unwrap_or(NaiveTime::MIN)))
}

/// `A`, `a`, `A类`, `A级`, `Ａ`; `Err` with the text when it is something else.
fn class_of(text: &str) -> Result<Option<Class>, String> {
    let folded = fold(text);
    let letter = folded
        .trim_end_matches("客户")
        .trim_end_matches(['类', '级'])
        .trim_start_matches("class");
    match letter {
        "" if folded.is_empty() => Ok(None),
        "a" => Ok(Some(Class::A)),
        "b" => Ok(Some(Class::B)),
        "c" => Ok(Some(Class::C)),
        _ => Err(text.to_owned()),
    }
}

/// A source by its name in either language, its stored key or a common synonym; anything
/// else is the office's own source.
fn source_of(text: &str) -> Source {
    let folded = fold(text);
    let builtin = [
        Source::Signage,
        Source::Newspaper,
        Source::Web,
        Source::CustomerReferral,
        Source::PassingBy,
        Source::PhoneInquiry,
    ];
    for source in builtin {
        let names = [
            super::export::source_label(&source, Lang::Zh),
            super::export::source_label(&source, Lang::En),
            source.key().to_owned(),
        ];
        let synonyms = SOURCE_SYNONYMS
            .iter()
            .find(|(key, _)| *key == source.key())
            .map_or(&[][..], |(_, s)| s);
        if names.iter().any(|n| fold(n) == folded) || synonyms.contains(&folded.as_str()) {
            return source;
        }
    }
    Source::Other(text.trim().to_owned())
}

pub(super) fn text_reason(e: TextError, lang: Lang) -> String {
    match e {
        TextError::Empty => Tr::ReasonRequired.text(lang).to_owned(),
        TextError::TooLong(max) => say(Tr::ReasonTooLong, lang, &[("max", &max)]),
    }
}

/// Why a phone cell is not a phone.
pub(super) fn phone_reason(e: PhoneError, lang: Lang) -> String {
    let t = |key: Tr| key.text(lang).to_owned();
    match e {
        PhoneError::Empty => t(Tr::ReasonRequired),
        PhoneError::Character(c) => say(Tr::ReasonPhoneCharacter, lang, &[("value", &c)]),
        PhoneError::OtherCountry => t(Tr::ReasonPhoneOtherCountry),
        PhoneError::NoAreaCode => t(Tr::ReasonPhoneNoAreaCode),
        PhoneError::NotAPhoneNumber => t(Tr::ReasonPhoneNotANumber),
        PhoneError::Extension => t(Tr::ReasonPhoneExtension),
    }
}

/// One field's error, named as the sheet's header names the column.
fn field_error(e: &FieldError, lang: Lang) -> String {
    let field = match e.field {
        Field::Name => Some(Tr::ColName),
        Field::Caller => Some(Tr::ColCaller),
        Field::Phone => Some(Tr::ColPhone),
        Field::WorkUnit => Some(Tr::ColWorkUnit),
        Field::Intent => Some(Tr::ColIntent),
        Field::Source => Some(Tr::ColSource),
        Field::Salesperson => Some(Tr::ColSalesperson),
        Field::AnsweredBy => Some(Tr::ColAnsweredBy),
        Field::CarBrand => Some(Tr::ColCarBrand),
        Field::Plate => Some(Tr::ColPlate),
        Field::Party => Some(Tr::ColParty),
        Field::Notes => Some(Tr::ColNotes),
        Field::Question => Some(Tr::ColQuestion),
        Field::Identity => None,
    };
    let t = |key: Tr| key.text(lang).to_owned();
    let why = match e.problem {
        Problem::Text(e) => text_reason(e, lang),
        Problem::Required => t(Tr::ReasonRequired),
        Problem::NoIdentity => t(Tr::ReasonNoIdentity),
        Problem::Phone(PhoneError::Empty) => t(Tr::ReasonRequired),
        Problem::Phone(PhoneError::Character(c)) => {
            say(Tr::ReasonPhoneCharacter, lang, &[("value", &c)])
        }
        Problem::Phone(PhoneError::OtherCountry) => t(Tr::ReasonPhoneOtherCountry),
        Problem::Phone(PhoneError::NoAreaCode) => t(Tr::ReasonPhoneNoAreaCode),
        Problem::Phone(PhoneError::NotAPhoneNumber) => t(Tr::ReasonPhoneNotANumber),
        Problem::Phone(PhoneError::Extension) => t(Tr::ReasonPhoneExtension),
        Problem::Plate(PlateError::Empty) => t(Tr::ReasonRequired),
        Problem::Plate(PlateError::Province) => t(Tr::ReasonPlateProvince),
        Problem::Plate(PlateError::Letter) => t(Tr::ReasonPlateLetter),
        Problem::Plate(PlateError::Character(c)) => {
            say(Tr::ReasonPlateCharacter, lang, &[("value", &c)])
        }
        Problem::Plate(PlateError::Length) => t(Tr::ReasonPlateLength),
    };
    match field {
        Some(field) => format!("{}{}{why}", field.text(lang), colon(lang)),
        None => why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_in_chinese_and_english_with_their_punctuation() {
        for (header, column) in [
            ("姓名", Column::Name),
            ("*联系电话:", Column::Phone),
            ("来访时间", Column::Date),
            ("Visited at", Column::Date),
            ("单位/住址", Column::WorkUnit),
            ("置业顾问", Column::Salesperson),
            ("接待", Column::Salesperson),
            ("Sales person", Column::Salesperson),
            ("车牌号", Column::Plate),
            ("信息来源", Column::Source),
            ("PLATE", Column::Plate),
            ("时间", Column::Time),
        ] {
            assert_eq!(column_of(header), Some(column), "{header}");
        }
        assert_eq!(column_of("编号"), None);
    }

    #[test]
    fn reg_2_a_phone_registers_headers_are_recognised_and_a_visit_column_is_ignored() {
        for (header, column) in [
            ("来电时间", Column::Date),
            ("来电人", Column::Name),
            ("Caller", Column::Name),
            ("咨询内容", Column::Question),
            ("问题", Column::Question),
            ("接听销售", Column::Salesperson),
            ("Answered by", Column::Salesperson),
        ] {
            assert_eq!(column_of(header), Some(column), "{header}");
        }
        let row = |cells: &[&str]| Row {
            line: 1,
            cells: cells.iter().map(|c| Cell::Text((*c).into())).collect(),
        };
        let calls = find_header(&[row(&["日期", "来电人", "车牌", "问题"])], &Calls::COLUMNS)
            .expect("a caller is an identity");
        assert_eq!(
            calls.ignored,
            vec!["车牌".to_owned()],
            "a call has no plate"
        );
        assert!(calls.columns.contains_key(&Column::Question));
        // A plate alone identifies a visitor, never a caller.
        assert!(find_header(&[row(&["日期", "车牌"])], &Calls::COLUMNS).is_none());
        let visits = find_header(&[row(&["日期", "车牌", "问题"])], &Visits::COLUMNS).unwrap();
        assert_eq!(visits.ignored, vec!["问题".to_owned()]);
    }

    #[test]
    fn classes_and_sources_are_read_as_offices_write_them() {
        assert_eq!(class_of("A类"), Ok(Some(Class::A)));
        assert_eq!(class_of(" b "), Ok(Some(Class::B)));
        assert_eq!(class_of("Ｃ级"), Ok(Some(Class::C)));
        assert_eq!(class_of(""), Ok(None));
        assert_eq!(class_of("D"), Err("D".into()));
        assert_eq!(source_of("老带新"), Source::CustomerReferral);
        assert_eq!(source_of("Passing by"), Source::PassingBy);
        assert_eq!(source_of("网络"), Source::Web);
        assert_eq!(source_of("售楼处短信"), Source::Other("售楼处短信".into()));
    }

    #[test]
    fn a_date_and_a_time_in_columns_of_their_own_make_one_visit_time() {
        let date = Cell::Text("2024/3/5".into());
        let time = Cell::Text("14:30".into());
        assert_eq!(
            date_of(&date, Some(&time)).unwrap().to_string(),
            "2024-03-05 14:30:00"
        );
        assert_eq!(
            date_of(&Cell::Number(45356.25), None).unwrap().to_string(),
            "2024-03-05 06:00:00"
        );
        assert_eq!(date_of(&Cell::Empty, None), Err(None));
        assert_eq!(
            date_of(&Cell::Text("上周".into()), None),
            Err(Some("上周".into()))
        );
    }
}
