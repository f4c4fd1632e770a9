//! One way to write a spreadsheet (issue 17 §5): a file opened by its path, the format from
//! its extension, then sheets of typed rows streamed one row at a time, then `finish`.
//!
//! Choices:
//! - **Written beside its final name, renamed into place by `finish`**, readable by its owner
//!   only (tempfile's 0600): an error, or a writer dropped before `finish`, leaves no partial
//!   file, and an existing file of that name is replaced only by a whole one.
//! - **CSV is UTF-8 with a byte-order mark**, as every export of the console, so Excel opens
//!   the Chinese as Chinese. Rows may differ in length (a footer is shorter than the table).
//! - **Several sheets in one CSV are sections**: the first sheet's header is the file's first
//!   line (a one-sheet CSV is a plain table); each later sheet follows after one empty line
//!   and a line holding its name alone, then its header and rows. A reader of the first
//!   table stops at the empty line. (The complaints' export has written its statistics so.)
//! - **.xlsx in rust_xlsxwriter's constant-memory mode**: each row goes to a temporary file
//!   as it is written, so a million rows do not sit in memory. Rows come in order, which is
//!   how this writer is used anyway. Each sheet gets a bold header, frozen below it, an
//!   autofilter over its table, and columns as wide as their widest cell (within bounds).
//! - **A sheet is at most Excel's 1,048,576 rows**: a sheet that reaches the limit goes on in
//!   a new sheet of the same name numbered 2, 3, … (`来访登记 2`), its title and header
//!   repeated, so a register of any length opens in Excel whole. CSV has no limit.
//! - **A sheet may have a title above its header** (the statistics under the complaints, the
//!   sections of the day's report) or no header at all (the report's summary lines).
//! - **Typed cells**: money in fen is written as yuan with two decimals (a number formatted
//!   `0.00` in Excel, so it sums; `1234.50` in CSV); a rate in basis points as a percentage
//!   (`0.00%` in Excel, `12.50%` in CSV); phones and other digit strings stay text.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Color, ExcelDateTime, Format as Style, Workbook, XlsxError};
use tempfile::NamedTempFile;
use unicode_width::UnicodeWidthStr;

use super::sheet::Format;

/// One cell of a row to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetCell {
    Empty,
    /// Kept as text in Excel too (a phone must not become 1.38E+10).
    Text(String),
    Integer(i64),
    /// An amount in fen, shown as yuan with two decimals.
    Money(i64),
    /// A share or rate in basis points (1 = 0.01%), shown as a percentage.
    Rate(u32),
    Date(NaiveDate),
    /// Office time, to the minute.
    DateTime(NaiveDateTime),
    /// Text that may run long (a log entry, what happened): wrapped inside its column in
    /// Excel, as it stands in CSV.
    Paragraph(String),
}

impl SheetCell {
    pub fn text(t: impl Into<String>) -> SheetCell {
        SheetCell::Text(t.into())
    }

    /// The cell as CSV writes it (and as its width is measured).
    fn csv(&self) -> String {
        match self {
            SheetCell::Empty => String::new(),
            SheetCell::Text(t) | SheetCell::Paragraph(t) => t.clone(),
            SheetCell::Integer(n) => n.to_string(),
            SheetCell::Money(fen) => yuan(*fen),
            SheetCell::Rate(bp) => format!("{}.{:02}%", bp / 100, bp % 100),
            SheetCell::Date(d) => d.format("%Y-%m-%d").to_string(),
            SheetCell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// Fen as yuan with two decimals, from integers only: `-5` is `-0.05`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Why a sheet could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// The path does not end in `.csv` or `.xlsx`.
    Extension(PathBuf),
    /// A row came before any sheet was started (a caller's mistake, said rather than panicked).
    NoSheet,
    /// The file system or the spreadsheet library refused; its own words.
    Write(String),
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::Extension(path) => write!(f, "{}: not .csv or .xlsx", path.display()),
            SheetError::NoSheet => f.write_str("a row before any sheet"),
            SheetError::Write(detail) => f.write_str(detail),
        }
    }
}

impl std::error::Error for SheetError {}

impl From<std::io::Error> for SheetError {
    fn from(e: std::io::Error) -> SheetError {
        SheetError::Write(e.to_string())
    }
}

impl From<csv::Error> for SheetError {
    fn from(e: csv::Error) -> SheetError {
        SheetError::Write(e.to_string())
    }
}

impl From<XlsxError> for SheetError {
    fn from(e: XlsxError) -> SheetError {
        SheetError::Write(e.to_string())
    }
}

/// A spreadsheet being written. Nothing appears at its path until [`SheetWriter::finish`].
pub struct SheetWriter {
    path: PathBuf,
    temp: NamedTempFile,
    out: Out,
}

enum Out {
    Csv {
        writer: Box<csv::Writer<BufWriter<File>>>,
        sheets: usize,
    },
    Xlsx(Box<Book>),
}

/// The most rows a sheet of Excel holds (its header included).
pub const XLSX_ROWS: u32 = 1_048_576;

/// The longest sheet name Excel takes, in characters.
const SHEET_NAME_CHARS: usize = 31;

/// The workbook and where its current sheet stands.
struct Book {
    workbook: Workbook,
    /// The current sheet's index and its next free row.
    current: Option<(usize, u32)>,
    /// The current sheet's name, title and header, repeated on the sheet it continues on.
    name: String,
    title: Option<String>,
    headers: Vec<String>,
    /// Which part of its table the current sheet is: 1, then 2, 3 … on the sheets it runs
    /// on to.
    part: u32,
    /// The most rows a sheet takes before the table goes on in the next (Excel's limit; a
    /// test makes it small).
    rows_per_sheet: u32,
    header_row: u32,
    /// The last row of the current sheet's table (not its notes): where its filter ends.
    table_end: u32,
    columns: u16,
    /// The widest cell of each column so far, in terminal columns (a Chinese character is 2,
    /// about what Excel needs too).
    widths: Vec<usize>,
    styles: Styles,
}

struct Styles {
    header: Style,
    money: Style,
    rate: Style,
    date: Style,
    datetime: Style,
    note: Style,
    title: Style,
    paragraph: Style,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Style::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7)),
            money: Style::new().set_num_format("0.00"),
            rate: Style::new().set_num_format("0.00%"),
            date: Style::new().set_num_format("yyyy-mm-dd"),
            datetime: Style::new().set_num_format("yyyy-mm-dd hh:mm"),
            note: Style::new().set_italic(),
            title: Style::new().set_bold(),
            paragraph: Style::new().set_text_wrap(),
        }
    }
}

impl SheetWriter {
    /// Starts a spreadsheet to be written at `path`, CSV or Excel by its extension.
    pub fn create(path: &Path) -> Result<SheetWriter, SheetError> {
        match Format::of(path) {
            Some(format @ (Format::Csv | Format::Xlsx)) => SheetWriter::create_as(path, format),
            _ => Err(SheetError::Extension(path.to_owned())),
        }
    }

    /// Starts a spreadsheet at `path` in the format given (the caller has checked it).
    pub fn create_as(path: &Path, format: Format) -> Result<SheetWriter, SheetError> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temp = tempfile::Builder::new()
            .prefix(".frontdesk-export-")
            .tempfile_in(dir)?;
        let out = match format {
            Format::Xlsx => {
                let mut workbook = Workbook::new();
                // The rows' temporary files go beside the export, not to a /tmp that may be
                // memory (the point of constant memory) or too small.
                workbook.set_tempdir(dir)?;
                Out::Xlsx(Box::new(Book {
                    workbook,
                    current: None,
                    name: String::new(),
                    title: None,
                    headers: Vec::new(),
                    part: 1,
                    rows_per_sheet: XLSX_ROWS,
                    header_row: 0,
                    table_end: 0,
                    columns: 0,
                    widths: Vec::new(),
                    styles: Styles::new(),
                }))
            }
            Format::Csv | Format::Xls => {
                let mut file = temp.as_file().try_clone()?;
                file.write_all(b"\xEF\xBB\xBF")?;
                Out::Csv {
                    writer: Box::new(
                        csv::WriterBuilder::new()
                            .flexible(true)
                            .from_writer(BufWriter::new(file)),
                    ),
                    sheets: 0,
                }
            }
        };
        Ok(SheetWriter {
            path: path.to_owned(),
            temp,
            out,
        })
    }

    /// Makes each sheet of an .xlsx hold at most `rows` rows before its table goes on in the
    /// next (Excel's own limit, [`XLSX_ROWS`], unless a test wants to see it happen).
    #[doc(hidden)]
    pub fn with_rows_per_sheet(mut self, rows: u32) -> SheetWriter {
        if let Out::Xlsx(book) = &mut self.out {
            // A sheet holds at least its title, its header and one row.
            book.rows_per_sheet = rows.max(3);
        }
        self
    }

    /// Starts a sheet (in CSV, a section) named `name` with its header row; no header row
    /// when `headers` is empty.
    pub fn sheet(&mut self, name: &str, headers: &[&str]) -> Result<(), SheetError> {
        self.start_sheet(name, None, headers)
    }

    /// Starts a sheet with a title line above its header (bold in Excel). In CSV the title
    /// is the section's line: first in the file for the first sheet, else after the empty
    /// line in place of the sheet's name.
    pub fn sheet_titled(
        &mut self,
        name: &str,
        title: &str,
        headers: &[&str],
    ) -> Result<(), SheetError> {
        self.start_sheet(name, Some(title), headers)
    }

    fn start_sheet(
        &mut self,
        name: &str,
        title: Option<&str>,
        headers: &[&str],
    ) -> Result<(), SheetError> {
        match &mut self.out {
            Out::Csv { writer, sheets } => {
                if *sheets > 0 {
                    writer.write_record([""])?;
                    writer.write_record([title.unwrap_or(name)])?;
                } else if let Some(title) = title {
                    writer.write_record([title])?;
                }
                *sheets += 1;
                if !headers.is_empty() {
                    writer.write_record(headers)?;
                }
            }
            Out::Xlsx(book) => {
                book.name = name.to_owned();
                book.title = title.map(str::to_owned);
                book.headers = headers.iter().map(|h| (*h).to_owned()).collect();
                book.part = 1;
                book.sheet(name)?;
            }
        }
        Ok(())
    }

    /// A line in bold in Excel, as it stands in CSV: the first line of a summary.
    pub fn title(&mut self, text: &str) -> Result<(), SheetError> {
        match &mut self.out {
            Out::Csv { writer, .. } => writer.write_record([text])?,
            Out::Xlsx(book) => book.title_line(text)?,
        }
        Ok(())
    }

    /// One row of the current sheet.
    pub fn row(&mut self, cells: &[SheetCell]) -> Result<(), SheetError> {
        match &mut self.out {
            Out::Csv { writer, sheets } => {
                if *sheets == 0 {
                    return Err(SheetError::NoSheet);
                }
                writer.write_record(cells.iter().map(SheetCell::csv))?;
            }
            Out::Xlsx(book) if book.current.is_none() => return Err(SheetError::NoSheet),
            Out::Xlsx(book) => book.row(cells)?,
        }
        Ok(())
    }

    /// An empty row (before a footer, or between tables).
    pub fn blank(&mut self) -> Result<(), SheetError> {
        match &mut self.out {
            Out::Csv { writer, .. } => writer.write_record([""])?,
            Out::Xlsx(book) => book.skip_row()?,
        }
        Ok(())
    }

    /// A row of plain remarks, such as the chain heads under a register (italic in Excel).
    pub fn note(&mut self, cells: &[&str]) -> Result<(), SheetError> {
        match &mut self.out {
            Out::Csv { writer, .. } => writer.write_record(cells)?,
            Out::Xlsx(book) => book.note(cells)?,
        }
        Ok(())
    }

    /// Writes what is left, then puts the whole file at its path.
    pub fn finish(self) -> Result<(), SheetError> {
        let SheetWriter { path, temp, out } = self;
        match out {
            Out::Csv { writer, .. } => {
                let mut buffered = writer
                    .into_inner()
                    .map_err(|e| SheetError::Write(e.error().to_string()))?;
                buffered.flush()?;
            }
            Out::Xlsx(mut book) => {
                book.close_sheet()?;
                book.workbook.save_to_writer(temp.as_file())?;
            }
        }
        temp.as_file().sync_all()?;
        temp.persist(&path)
            .map_err(|e| SheetError::Write(e.error.to_string()))?;
        Ok(())
    }
}

/// The name of the `part`-th sheet of a table called `name` (`来访登记 2`), within Excel's
/// 31 characters.
fn continued_name(name: &str, part: u32) -> String {
    let suffix = format!(" {part}");
    let keep = SHEET_NAME_CHARS.saturating_sub(suffix.chars().count());
    let base: String = name.chars().take(keep).collect();
    format!("{base}{suffix}")
}

/// The narrowest and widest a column is made, in Excel's character units.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 40;

impl Book {
    /// Opens a sheet called `name` with the current title and header.
    fn sheet(&mut self, name: &str) -> Result<(), XlsxError> {
        self.close_sheet()?;
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        let mut row = 0;
        if let Some(title) = &self.title {
            sheet.write_string_with_format(row, 0, title, &self.styles.title)?;
            row += 1;
        }
        self.header_row = row;
        self.table_end = row;
        if !self.headers.is_empty() {
            for (col, title) in self.headers.iter().enumerate() {
                sheet.write_string_with_format(row, col as u16, title, &self.styles.header)?;
            }
            row += 1;
            sheet.set_freeze_panes(row, 0)?;
        }
        let index = self.workbook.worksheets().len() - 1;
        self.current = Some((index, row));
        self.columns = self.headers.len() as u16;
        self.widths = self.headers.iter().map(|h| h.width()).collect();
        Ok(())
    }

    /// The current sheet and its next row, moved on by one; on the next sheet when this one
    /// is full.
    fn next_row(&mut self) -> Result<(usize, u32), XlsxError> {
        let Some((_, row)) = self.current else {
            return Err(XlsxError::ParameterError(
                "a row before any sheet".to_owned(),
            ));
        };
        if row >= self.rows_per_sheet {
            self.part += 1;
            let name = continued_name(&self.name, self.part);
            self.sheet(&name)?;
        }
        let Some((index, row)) = self.current else {
            return Err(XlsxError::ParameterError("no sheet to go on in".to_owned()));
        };
        self.current = Some((index, row + 1));
        Ok((index, row))
    }

    fn title_line(&mut self, text: &str) -> Result<(), XlsxError> {
        let (index, r) = self.next_row()?;
        let sheet = self.workbook.worksheet_from_index(index)?;
        sheet.write_string_with_format(r, 0, text, &self.styles.title)?;
        Ok(())
    }

    fn row(&mut self, cells: &[SheetCell]) -> Result<(), XlsxError> {
        let (index, r) = self.next_row()?;
        self.table_end = r;
        for (col, cell) in cells.iter().enumerate() {
            let width = cell.csv().width();
            match self.widths.get_mut(col) {
                Some(w) => *w = (*w).max(width),
                None => self.widths.push(width),
            }
        }
        let styles = &self.styles;
        let sheet = self.workbook.worksheet_from_index(index)?;
        for (col, cell) in cells.iter().enumerate() {
            let c = col as u16;
            match cell {
                SheetCell::Empty => {}
                SheetCell::Text(t) if t.is_empty() => {}
                SheetCell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                SheetCell::Paragraph(t) if t.is_empty() => {}
                SheetCell::Paragraph(t) => {
                    sheet.write_string_with_format(r, c, t, &styles.paragraph)?;
                }
                SheetCell::Integer(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                SheetCell::Money(fen) => {
                    sheet.write_number_with_format(r, c, *fen as f64 / 100.0, &styles.money)?;
                }
                SheetCell::Rate(bp) => {
                    sheet.write_number_with_format(
                        r,
                        c,
                        f64::from(*bp) / 10_000.0,
                        &styles.rate,
                    )?;
                }
                SheetCell::Date(d) => {
                    let at =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, c, &at, &styles.date)?;
                }
                SheetCell::DateTime(t) => {
                    let at =
                        ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?
                            .and_hms(t.hour() as u16, t.minute() as u8, t.second())?;
                    sheet.write_datetime_with_format(r, c, &at, &styles.datetime)?;
                }
            }
        }
        Ok(())
    }

    fn skip_row(&mut self) -> Result<(), XlsxError> {
        self.next_row().map(|_| ())
    }

    fn note(&mut self, cells: &[&str]) -> Result<(), XlsxError> {
        let (index, r) = self.next_row()?;
        let sheet = self.workbook.worksheet_from_index(index)?;
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(r, col as u16, *text, &self.styles.note)?;
        }
        Ok(())
    }

    /// The current sheet's column widths and autofilter, now that its rows are known.
    fn close_sheet(&mut self) -> Result<(), XlsxError> {
        let Some((index, _)) = self.current.take() else {
            return Ok(());
        };
        let sheet = self.workbook.worksheet_from_index(index)?;
        for (col, width) in self.widths.iter().enumerate() {
            let width = (width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
            sheet.set_column_width(col as u16, width as f64)?;
        }
        if self.columns > 0 {
            let last = self.table_end.max(self.header_row + 1);
            sheet.autofilter(self.header_row, 0, last, self.columns - 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::sheet::{Cell, read};
    use super::*;

    fn texts(rows: &[super::super::sheet::Row]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    fn sample(writer: &mut SheetWriter) {
        writer
            .sheet("来访", &["日期", "姓名", "电话", "来访", "定金", "转化"])
            .unwrap();
        writer
            .row(&[
                SheetCell::Date(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()),
                SheetCell::text("王芳"),
                SheetCell::text("13800138000"),
                SheetCell::Integer(12),
                SheetCell::Money(123_450),
                SheetCell::Rate(1250),
            ])
            .unwrap();
        writer
            .row(&[
                SheetCell::DateTime(
                    NaiveDate::from_ymd_opt(2026, 4, 1)
                        .unwrap()
                        .and_hms_opt(9, 5, 0)
                        .unwrap(),
                ),
                SheetCell::Empty,
                SheetCell::text(""),
                SheetCell::Integer(-3),
                SheetCell::Money(-5),
                SheetCell::Rate(0),
            ])
            .unwrap();
    }

    #[test]
    fn a_csv_round_trips_through_the_reader_with_its_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut writer = SheetWriter::create(&path).unwrap();
        sample(&mut writer);
        writer.blank().unwrap();
        writer.note(&["链头", "abc"]).unwrap();
        writer.finish().unwrap();
        assert!(std::fs::read(&path).unwrap().starts_with(b"\xEF\xBB\xBF"));
        let rows = read(&path, Format::Csv).unwrap();
        assert_eq!(
            texts(&rows),
            [
                vec!["日期", "姓名", "电话", "来访", "定金", "转化"],
                vec![
                    "2026-03-31",
                    "王芳",
                    "13800138000",
                    "12",
                    "1234.50",
                    "12.50%"
                ],
                vec!["2026-04-01 09:05", "", "", "-3", "-0.05", "0.00%"],
                vec![""],
                vec!["链头", "abc"],
            ]
        );
    }

    #[test]
    fn a_csv_with_two_sheets_holds_the_second_as_a_titled_section_after_an_empty_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("two.csv");
        let mut writer = SheetWriter::create(&path).unwrap();
        writer.sheet("按日", &["日期", "来访"]).unwrap();
        writer
            .row(&[SheetCell::text("03-01"), SheetCell::Integer(2)])
            .unwrap();
        writer.sheet("按来源", &["来源", "来访"]).unwrap();
        writer
            .row(&[SheetCell::text("网络"), SheetCell::Integer(1)])
            .unwrap();
        writer.finish().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "日期,来访\n03-01,2\n\"\"\n按来源\n来源,来访\n网络,1\n"
        );
    }

    #[test]
    fn an_xlsx_round_trips_through_the_reader_with_typed_cells() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.xlsx");
        let mut writer = SheetWriter::create(&path).unwrap();
        sample(&mut writer);
        writer.blank().unwrap();
        writer.note(&["链头"]).unwrap();
        writer.sheet("第二", &["x"]).unwrap();
        writer.row(&[SheetCell::Integer(7)]).unwrap();
        writer.finish().unwrap();
        let rows = read(&path, Format::Xlsx).unwrap();
        assert_eq!(rows[0].cells[1], Cell::Text("姓名".into()));
        assert_eq!(
            rows[1].cells[0],
            Cell::DateTime(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap().into())
        );
        assert_eq!(rows[1].cells[2], Cell::Text("13800138000".into()));
        assert_eq!(rows[1].cells[3], Cell::Number(12.0));
        assert_eq!(rows[1].cells[4], Cell::Number(1234.5));
        assert_eq!(rows[1].cells[5], Cell::Number(0.125));
        assert_eq!(rows[2].cells[4], Cell::Number(-0.05));
        assert_eq!(rows[2].cells[0].text(), "2026-04-01 09:05");
        assert_eq!(rows[4].cells[0], Cell::Text("链头".into()));
        // The reader reads the first sheet; the second is there by name.
        use calamine::Reader;
        let book = calamine::open_workbook_auto(&path).unwrap();
        assert_eq!(book.sheet_names(), ["来访", "第二"]);
    }

    #[test]
    fn a_writer_dropped_or_failing_before_finish_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["gone.csv", "gone.xlsx"] {
            let path = dir.path().join(name);
            let mut writer = SheetWriter::create(&path).unwrap();
            sample(&mut writer);
            drop(writer);
            assert!(!path.exists(), "{name}");
        }
        // A sheet name Excel refuses fails the sheet; dropping the writer then removes all.
        let path = dir.path().join("bad.xlsx");
        let mut writer = SheetWriter::create(&path).unwrap();
        assert!(matches!(
            writer.sheet("a/b", &["x"]),
            Err(SheetError::Write(_))
        ));
        drop(writer);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn an_existing_file_is_replaced_only_by_a_finished_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.csv");
        std::fs::write(&path, "old").unwrap();
        let mut writer = SheetWriter::create(&path).unwrap();
        sample(&mut writer);
        drop(writer);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn a_row_before_any_sheet_or_an_unknown_extension_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let mut csv = SheetWriter::create(&dir.path().join("a.csv")).unwrap();
        assert_eq!(csv.row(&[SheetCell::Integer(1)]), Err(SheetError::NoSheet));
        let mut xlsx = SheetWriter::create(&dir.path().join("a.xlsx")).unwrap();
        assert_eq!(xlsx.row(&[SheetCell::Integer(1)]), Err(SheetError::NoSheet));
        assert!(matches!(
            SheetWriter::create(&dir.path().join("a.ods")),
            Err(SheetError::Extension(_))
        ));
    }

    #[test]
    fn an_xlsx_sheet_that_reaches_its_row_limit_goes_on_in_a_numbered_sheet_with_the_same_header() {
        use calamine::{Data, Reader};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.xlsx");
        // Five rows a sheet: the header and four data rows.
        let mut writer = SheetWriter::create(&path).unwrap().with_rows_per_sheet(5);
        writer.sheet("来访登记", &["编号", "姓名"]).unwrap();
        for n in 1..=10 {
            writer
                .row(&[SheetCell::Integer(n), SheetCell::text(format!("客户{n}"))])
                .unwrap();
        }
        writer.blank().unwrap();
        writer.note(&["链头", "abc"]).unwrap();
        writer.finish().unwrap();
        let mut book = calamine::open_workbook_auto(&path).unwrap();
        assert_eq!(book.sheet_names(), ["来访登记", "来访登记 2", "来访登记 3"]);
        let sheet = |book: &mut calamine::Sheets<_>, i| -> Vec<Vec<Data>> {
            let range = book.worksheet_range_at(i).unwrap().unwrap();
            range.rows().map(<[Data]>::to_vec).collect()
        };
        let (first, second, third) = (
            sheet(&mut book, 0),
            sheet(&mut book, 1),
            sheet(&mut book, 2),
        );
        assert_eq!(first.len(), 5, "the limit is the sheet's whole height");
        for part in [&first, &second, &third] {
            assert_eq!(
                part[0][0],
                Data::String("编号".into()),
                "the header repeated"
            );
        }
        assert_eq!(first[4][0], Data::Float(4.0));
        assert_eq!(second[1][0], Data::Float(5.0), "no row lost or doubled");
        assert_eq!(second[4][0], Data::Float(8.0));
        // The last two rows, then the blank row and the note, on the third sheet.
        assert_eq!(third[1][0], Data::Float(9.0));
        assert_eq!(third[2][0], Data::Float(10.0));
        assert_eq!(third[4][0], Data::String("链头".into()));
        assert_eq!(third.len(), 5);
    }

    #[test]
    fn a_continued_sheet_name_keeps_within_excels_31_characters() {
        assert_eq!(continued_name("Visits", 2), "Visits 2");
        let long = "x".repeat(40);
        let name = continued_name(&long, 12);
        assert_eq!(name.chars().count(), 31);
        assert!(name.ends_with(" 12"));
    }

    #[test]
    fn a_csv_never_splits_its_table_and_a_titled_section_has_its_title_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.csv");
        let mut writer = SheetWriter::create(&path).unwrap().with_rows_per_sheet(3);
        writer.sheet("", &[]).unwrap();
        writer.title("报告").unwrap();
        writer.note(&["打印于"]).unwrap();
        writer.sheet_titled("节", "第一节", &["a"]).unwrap();
        for n in 1..=4 {
            writer.row(&[SheetCell::Integer(n)]).unwrap();
        }
        writer.finish().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "报告\n打印于\n\"\"\n第一节\na\n1\n2\n3\n4\n"
        );
    }

    #[test]
    fn an_xlsx_titled_sheet_has_its_title_above_its_header() {
        use calamine::{Data, Reader};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("titled.xlsx");
        let mut writer = SheetWriter::create(&path).unwrap();
        writer.sheet("总览", &[]).unwrap();
        writer.title("报告").unwrap();
        writer.sheet_titled("节", "第一节", &["a", "b"]).unwrap();
        writer
            .row(&[SheetCell::Integer(1), SheetCell::Paragraph("长文本".into())])
            .unwrap();
        writer.finish().unwrap();
        let mut book = calamine::open_workbook_auto(&path).unwrap();
        let summary = book.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(summary.get((0, 0)), Some(&Data::String("报告".into())));
        let section = book.worksheet_range_at(1).unwrap().unwrap();
        let rows: Vec<Vec<Data>> = section.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(rows[0][0], Data::String("第一节".into()));
        assert_eq!(rows[1][1], Data::String("b".into()));
        assert_eq!(rows[2][1], Data::String("长文本".into()));
    }

    #[test]
    fn money_in_fen_reads_as_yuan_with_two_decimals() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-123_456), "-1234.56");
        assert_eq!(yuan(i64::MIN), "-92233720368547758.08");
    }
}
