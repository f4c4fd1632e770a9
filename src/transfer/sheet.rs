//! Reading a spreadsheet into numbered rows of cells, whatever wrote it: CSV in UTF-8 (with
//! or without Excel's byte-order mark) or in GBK/GB18030 (what Chinese Excel saves as
//! "CSV"), and .xlsx/.xls through calamine, first sheet.

use std::path::Path;

use chrono::NaiveDateTime;

/// The kinds of file `export` writes and `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    /// Read only (calamine reads the old binary format too).
    Xls,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            _ => None,
        }
    }
}

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    DateTime(NaiveDateTime),
}

impl Cell {
    /// The cell as text: a whole number without a decimal point (a phone typed into Excel is
    /// a number), a date and time as `2024-03-05 14:30`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// A row and the line (CSV) or row number (a sheet, as the spreadsheet shows it) it is on.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// Every row of the file, empty ones included (the caller skips them).
pub fn read(path: &Path, format: Format) -> Result<Vec<Row>, String> {
    match format {
        Format::Csv => read_csv(path),
        Format::Xlsx | Format::Xls => read_book(path),
    }
}

fn read_csv(path: &Path) -> Result<Vec<Row>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(text.as_bytes());
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| lines.at(p.byte() as usize));
        rows.push(Row {
            line,
            cells: record
                .iter()
                .map(|c| match c.trim() {
                    "" => Cell::Empty,
                    t => Cell::Text(t.to_owned()),
                })
                .collect(),
        });
    }
    Ok(rows)
}

/// The line a record starts on, counted from its byte offset as the file is read: the csv
/// crate's own line count runs one short after a CRLF or a blank line (issue 16 §3: Excel
/// writes CRLF, and "line 516" was line 517). Offsets only grow, so each byte is counted once.
struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    newlines: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            bytes,
            counted_to: 0,
            newlines: 0,
        }
    }

    /// The line of a record whose reading began at `offset` (blank lines before it included).
    fn at(&mut self, offset: usize) -> usize {
        let mut start = offset.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let from = self.counted_to.min(start);
        self.newlines += self.bytes[from..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.counted_to = self.counted_to.max(start);
        1 + self.newlines
    }
}

/// UTF-8 (its byte-order mark dropped) when the bytes are UTF-8; otherwise GB18030, which
/// includes GBK and GB2312, the encodings Chinese Windows saves CSV in.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_book(path: &Path) -> Result<Vec<Row>, String> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    let range = match book.worksheet_range_at(0) {
        Some(range) => range.map_err(|e| e.to_string())?,
        None => return Ok(Vec::new()),
    };
    let first = range.start().map_or(0, |(row, _)| row as usize);
    let columns_before = range.start().map_or(0, |(_, col)| col as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            line: first + i + 1,
            cells: std::iter::repeat_n(Cell::Empty, columns_before)
                .chain(cells.iter().map(|c| match c {
                    Data::Empty | Data::Error(_) => Cell::Empty,
                    Data::String(s) => Cell::Text(s.clone()),
                    Data::Int(n) => Cell::Number(*n as f64),
                    Data::Float(f) => Cell::Number(*f),
                    Data::Bool(b) => Cell::Text(b.to_string()),
                    Data::DateTime(t) => excel_datetime(t),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                }))
                .collect(),
        })
        .collect())
}

/// A date cell as a date and time (its epoch, 1900 or 1904, taken care of by calamine).
fn excel_datetime(t: &calamine::ExcelDateTime) -> Cell {
    let (y, mo, d, h, mi, s, _) = t.to_ymd_hms_milli();
    chrono::NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())
        .and_then(|date| date.and_hms_opt(h.into(), mi.into(), s.into()))
        .map_or(Cell::Number(t.as_f64()), Cell::DateTime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_is_read_as_chinese() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,电话\n王芳,13800138000\n");
        assert_eq!(decode(&gbk), "姓名,电话\n王芳,13800138000\n");
        assert_eq!(decode("\u{feff}姓名".as_bytes()), "姓名");
    }

    #[test]
    fn a_phone_stored_as_a_number_reads_as_its_digits() {
        assert_eq!(Cell::Number(13800138000.0).text(), "13800138000");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<usize> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        read_csv(&path).unwrap().iter().map(|r| r.line).collect()
    }

    #[test]
    fn reg_1_import_lines_are_the_lines_excel_shows_with_crlf_and_blank_lines() {
        assert_eq!(lines_of("h1,h2\na,b\n\nc,d\ne,f\n"), [1, 2, 4, 5]);
        assert_eq!(lines_of("h1,h2\r\na,b\r\n\r\nc,d\r\ne,f\r\n"), [1, 2, 4, 5]);
        // A quoted cell holding a line break: the next record starts two lines on.
        assert_eq!(lines_of("h1,h2\r\n\"a\r\nx\",b\r\nc,d\r\n"), [1, 2, 4]);
    }
}
