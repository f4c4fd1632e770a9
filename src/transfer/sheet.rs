//! Reading a spreadsheet into numbered rows of cells, whatever wrote it: CSV in UTF-8 (with
//! or without Excel's byte-order mark) or in GBK/GB18030 (what Chinese Excel saves as
//! "CSV"), and .xlsx/.xls through calamine, first sheet.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::mpsc;

use chrono::NaiveDateTime;
use encoding_rs::{Encoding, GB18030, UTF_8};

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

/// Every row of the file, empty ones included (the caller skips them), held at once: for
/// small files (the lobby's units, tests). An import of a register streams ([`Rows`]).
pub fn read(path: &Path, format: Format) -> Result<Vec<Row>, String> {
    Rows::open(path, format)?.collect()
}

/// The rows of a file read one at a time, so memory stays the same whatever the file's size
/// (issue 18): CSV through a streaming decoder, .xlsx through calamine's cell reader on a
/// thread of its own. An .xls (the old binary format) is read whole: calamine has no
/// streaming reader for it, and a sheet of that format holds at most 65,536 rows.
pub struct Rows {
    inner: Inner,
}

enum Inner {
    Csv(Box<CsvRows>),
    Sheet(mpsc::IntoIter<Result<Row, String>>),
    Whole(std::vec::IntoIter<Row>),
}

impl Rows {
    pub fn open(path: &Path, format: Format) -> Result<Rows, String> {
        let inner = match format {
            Format::Csv => Inner::Csv(Box::new(CsvRows::open(path)?)),
            Format::Xlsx => Inner::Sheet(xlsx_rows(path)?),
            Format::Xls => Inner::Whole(read_book(path)?.into_iter()),
        };
        Ok(Rows { inner })
    }
}

impl Iterator for Rows {
    type Item = Result<Row, String>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Csv(rows) => rows.next(),
            Inner::Sheet(rows) => rows.next(),
            Inner::Whole(rows) => rows.next().map(Ok),
        }
    }
}

/// The records of a CSV file, decoded as they are read, each with its line.
pub struct CsvRows {
    reader: csv::Reader<Tap<Decoded<BufReader<File>>>>,
    record: csv::StringRecord,
    lines: LineCounter,
    read: usize,
}

impl CsvRows {
    fn open(path: &Path) -> Result<CsvRows, String> {
        let (encoding, bom) = encoding_of(path).map_err(|e| e.to_string())?;
        let mut file = BufReader::new(File::open(path).map_err(|e| e.to_string())?);
        if bom {
            file.read_exact(&mut [0; 3]).map_err(|e| e.to_string())?;
        }
        let window = Rc::new(RefCell::new(Window::default()));
        let tap = Tap {
            inner: Decoded::new(file, encoding),
            window: Rc::clone(&window),
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(tap);
        Ok(CsvRows {
            reader,
            record: csv::StringRecord::new(),
            lines: LineCounter { window },
            read: 0,
        })
    }
}

impl Iterator for CsvRows {
    type Item = Result<Row, String>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Err(e) => Some(Err(e.to_string())),
            Ok(true) => {
                self.read += 1;
                let line = self
                    .record
                    .position()
                    .map_or(self.read, |p| self.lines.at(p.byte() as usize));
                Some(Ok(Row {
                    line,
                    cells: self
                        .record
                        .iter()
                        .map(|c| match c.trim() {
                            "" => Cell::Empty,
                            t => Cell::Text(t.to_owned()),
                        })
                        .collect(),
                }))
            }
        }
    }
}

/// The file's encoding: UTF-8 when every byte of it is (checked a chunk at a time), and
/// whether it starts with Excel's byte-order mark; otherwise GB18030, which includes GBK
/// and GB2312, the encodings Chinese Windows saves CSV in.
fn encoding_of(path: &Path) -> std::io::Result<(&'static Encoding, bool)> {
    let mut file = File::open(path)?;
    let mut buf = vec![0; CHUNK];
    let mut carried = 0;
    let mut first = true;
    let mut bom = false;
    loop {
        let n = file.read(&mut buf[carried..])?;
        if n == 0 {
            let utf8 = carried == 0;
            return Ok(if utf8 { (UTF_8, bom) } else { (GB18030, bom) });
        }
        let mut len = carried + n;
        if first && len >= 3 {
            first = false;
            if buf.starts_with(b"\xEF\xBB\xBF") {
                bom = true;
                buf.copy_within(3..len, 0);
                len -= 3;
            }
        }
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) => carried = 0,
            // A character cut by the chunk's end: carried into the next chunk.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carried = len - valid;
            }
            Err(_) => return Ok((GB18030, bom)),
        }
    }
}

/// How much of a file is read at once.
const CHUNK: usize = 64 * 1024;

/// A reader of text in `encoding`, giving UTF-8, a chunk at a time.
struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    /// The undecoded part of `input`.
    start: usize,
    end: usize,
    at_end: bool,
    finished: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
}

impl<R: Read> Decoded<R> {
    fn new(inner: R, encoding: &'static Encoding) -> Decoded<R> {
        let decoder = encoding.new_decoder_without_bom_handling();
        let room = decoder.max_utf8_buffer_length(CHUNK).unwrap_or(CHUNK * 4);
        Decoded {
            inner,
            decoder,
            input: vec![0; CHUNK],
            start: 0,
            end: 0,
            at_end: false,
            finished: false,
            output: vec![0; room],
            out_start: 0,
            out_end: 0,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            if self.start == self.end && !self.at_end {
                let n = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.end = n;
                self.at_end = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.start..self.end],
                &mut self.output,
                self.at_end,
            );
            self.start += read;
            self.out_start = 0;
            self.out_end = written;
            self.finished = self.at_end && result == encoding_rs::CoderResult::InputEmpty;
        }
    }
}

/// The decoded bytes the CSV reader has read and the line counter has not yet passed.
#[derive(Default)]
struct Window {
    /// The offset of `bytes[0]` in the decoded text.
    base: usize,
    bytes: VecDeque<u8>,
    newlines: usize,
}

/// Keeps what passes through for the [`LineCounter`].
struct Tap<R> {
    inner: R,
    window: Rc<RefCell<Window>>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.window.borrow_mut().bytes.extend(&buf[..n]);
        Ok(n)
    }
}

/// The line a record starts on, counted from its byte offset as the file is read: the csv
/// crate's own line count runs one short after a CRLF or a blank line (issue 16 §3: Excel
/// writes CRLF, and "line 516" was line 517). Offsets only grow, so each byte is counted once
/// and then let go: only the bytes the CSV reader has read ahead are held.
struct LineCounter {
    window: Rc<RefCell<Window>>,
}

impl LineCounter {
    /// The line of a record whose reading began at `offset` (blank lines before it included).
    fn at(&mut self, offset: usize) -> usize {
        let mut window = self.window.borrow_mut();
        let Window {
            base,
            bytes,
            newlines,
        } = &mut *window;
        let mut start = offset.max(*base);
        while bytes
            .get(start - *base)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        let passed = (start - *base).min(bytes.len());
        *newlines += bytes.drain(..passed).filter(|&b| b == b'\n').count();
        *base += passed;
        1 + *newlines
    }
}

/// The first sheet of an .xlsx, a row at a time: calamine's cell reader runs on a thread of
/// its own (it borrows the workbook it reads), handing over rows through a short queue.
fn xlsx_rows(path: &Path) -> Result<mpsc::IntoIter<Result<Row, String>>, String> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
    let (send, receive) = mpsc::sync_channel(ROWS_AHEAD);
    std::thread::spawn(move || {
        let Some(name) = book.sheet_names().first().cloned() else {
            return;
        };
        let failed = match book.worksheet_cells_reader(&name) {
            Ok(mut cells) => {
                let mut row: Option<Row> = None;
                loop {
                    match cells.next_cell() {
                        Ok(Some(cell)) => {
                            let (r, c) = cell.get_position();
                            let line = r as usize + 1;
                            if let Some(done) = row.take_if(|row| row.line != line) {
                                // Rows with no cells between, as the whole-sheet read gave
                                // them (a blank row may end a table).
                                let blank = (done.line + 1..line).map(|line| Row {
                                    line,
                                    cells: Vec::new(),
                                });
                                for row in std::iter::once(done).chain(blank) {
                                    if send.send(Ok(row)).is_err() {
                                        return;
                                    }
                                }
                            }
                            let row = row.get_or_insert_with(|| Row {
                                line,
                                cells: Vec::new(),
                            });
                            let c = c as usize;
                            if row.cells.len() <= c {
                                row.cells.resize(c + 1, Cell::Empty);
                            }
                            row.cells[c] = cell_of_ref(cell.get_value());
                        }
                        Ok(None) => {
                            if let Some(row) = row {
                                let _ = send.send(Ok(row));
                            }
                            return;
                        }
                        Err(e) => break e.to_string(),
                    }
                }
            }
            Err(e) => e.to_string(),
        };
        let _ = send.send(Err(failed));
    });
    Ok(receive.into_iter())
}

/// How many rows the sheet's reader may run ahead of the import.
const ROWS_AHEAD: usize = 256;

fn cell_of_ref(c: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match c {
        DataRef::Empty | DataRef::Error(_) => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cell::Text(s.clone())
        }
        DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Text(b.to_string()),
        DataRef::DateTime(t) => excel_datetime(t),
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

    fn texts_of(bytes: &[u8]) -> Vec<Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        read(&path, Format::Csv)
            .unwrap()
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn gbk_csv_is_read_as_chinese() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,电话\n王芳,13800138000\n");
        assert_eq!(texts_of(&gbk), [["姓名", "电话"], ["王芳", "13800138000"]]);
        assert_eq!(texts_of("\u{feff}姓名".as_bytes()), [["姓名"]]);
    }

    /// Files bigger than a chunk, with characters cut by the chunks' ends, decode whole and
    /// keep their line numbers.
    #[test]
    fn a_csv_bigger_than_a_chunk_is_decoded_across_the_chunks_in_either_encoding() {
        let rows = 20_000;
        let text: String = (1..=rows).map(|n| format!("王芳{n},电话\r\n")).collect();
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        for bytes in [text.as_bytes(), &gbk[..]] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.csv");
            std::fs::write(&path, bytes).unwrap();
            let read = read(&path, Format::Csv).unwrap();
            assert_eq!(read.len(), rows);
            assert_eq!(read[rows - 1].line, rows);
            assert_eq!(read[rows - 1].cells[0].text(), format!("王芳{rows}"));
            assert!(read.iter().all(|r| r.cells[1].text() == "电话"));
        }
    }

    /// An .xlsx is read a row at a time through calamine's cell reader on its own thread:
    /// every row in order with the row number the spreadsheet shows, blank rows between
    /// given as empty rows (as the whole-sheet read gave them), and a reader dropped halfway
    /// lets the thread end.
    #[test]
    fn an_xlsx_is_streamed_row_by_row_with_its_row_numbers_and_blank_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write(0, 0, "姓名").unwrap();
        sheet.write(0, 1, "电话").unwrap();
        for r in 1..=3_000u32 {
            sheet.write(r, 0, format!("王芳{r}")).unwrap();
            sheet.write(r, 1, 13_800_000_000.0 + f64::from(r)).unwrap();
        }
        sheet.write(3_003, 2, "链头").unwrap();
        book.save(&path).unwrap();
        let rows = read(&path, Format::Xlsx).unwrap();
        assert_eq!(rows.len(), 3_004);
        assert_eq!(rows[1].line, 2);
        assert_eq!(rows[3_000].cells[0].text(), "王芳3000");
        assert_eq!(rows[3_000].cells[1].text(), "13800003000");
        assert!(rows[3_001].cells.is_empty() && rows[3_002].cells.is_empty());
        assert_eq!(rows[3_003].line, 3_004);
        assert_eq!(rows[3_003].cells[2].text(), "链头");
        let mut first = Rows::open(&path, Format::Xlsx).unwrap();
        assert_eq!(first.next().unwrap().unwrap().line, 1);
        drop(first);
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
        read(&path, Format::Csv)
            .unwrap()
            .iter()
            .map(|r| r.line)
            .collect()
    }

    #[test]
    fn reg_1_import_lines_are_the_lines_excel_shows_with_crlf_and_blank_lines() {
        assert_eq!(lines_of("h1,h2\na,b\n\nc,d\ne,f\n"), [1, 2, 4, 5]);
        assert_eq!(lines_of("h1,h2\r\na,b\r\n\r\nc,d\r\ne,f\r\n"), [1, 2, 4, 5]);
        // A quoted cell holding a line break: the next record starts two lines on.
        assert_eq!(lines_of("h1,h2\r\n\"a\r\nx\",b\r\nc,d\r\n"), [1, 2, 4]);
    }
}
