//! The one header finder every import uses (issue 18: the code review found two copies):
//! the first of the top [`HEADER_SEARCH_ROWS`] rows whose headers, folded as [`fold`] folds
//! them, name the columns an import needs. Each import brings its own table of headers and
//! says which columns it needs; the search, the folding and the list of headers not used
//! are shared.

use std::collections::HashMap;
use std::hash::Hash;

use super::sheet::Row;

/// How many rows from the top may hold titles before the header row.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// A header or a value folded for comparison: NFKC, lower case, without spaces and the
/// punctuation offices put in headers (`*电话:`, `单位/住址`, `Visited at`).
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !"*:：()（）/\\_-.·#、".contains(*c))
        .collect()
}

/// The column a header names in `headers` (each column with its folded names).
pub fn column_in<C: Copy>(headers: &[(C, &[&str])], header: &str) -> Option<C> {
    let folded = fold(header);
    headers
        .iter()
        .find(|(_, names)| names.contains(&folded.as_str()))
        .map(|(column, _)| *column)
}

/// The header row: its index among the rows searched, where each known column is, and the
/// headers not used (unknown, or a known column named a second time: read from its first
/// place).
#[derive(Debug)]
pub struct Header<C> {
    pub at: usize,
    pub columns: HashMap<C, usize>,
    pub ignored: Vec<String>,
}

/// The first of the top [`HEADER_SEARCH_ROWS`] `rows` where `column_of` finds columns that
/// `enough` accepts.
pub fn find<C: Copy + Eq + Hash>(
    rows: &[Row],
    column_of: impl Fn(&str) -> Option<C>,
    enough: impl Fn(&HashMap<C, usize>) -> bool,
) -> Option<Header<C>> {
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
            enough(&columns).then_some(Header {
                at,
                columns,
                ignored,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::sheet::Cell;

    fn row(line: usize, cells: &[&str]) -> Row {
        Row {
            line,
            cells: cells.iter().map(|c| Cell::Text((*c).into())).collect(),
        }
    }

    #[test]
    fn the_header_is_found_below_a_title_and_a_repeated_column_is_read_from_its_first_place() {
        const HEADERS: &[(u8, &[&str])] = &[(1, &["姓名", "name"]), (2, &["电话", "phone"])];
        let rows = [
            row(1, &["2024 年来访登记"]),
            row(2, &["*姓名:", "Phone", "编号", "电话"]),
        ];
        let header = find(&rows, |h| column_in(HEADERS, h), |c| c.len() >= 2).unwrap();
        assert_eq!(header.at, 1);
        assert_eq!(header.columns[&2], 1);
        assert_eq!(header.ignored, ["编号", "电话"]);
        assert!(find(&rows[..1], |h| column_in(HEADERS, h), |c| c.len() >= 2).is_none());
    }

    #[test]
    fn a_header_below_the_rows_searched_is_not_found() {
        const HEADERS: &[(u8, &[&str])] = &[(1, &["姓名"])];
        let mut rows: Vec<Row> = (1..=HEADER_SEARCH_ROWS)
            .map(|n| row(n, &["说明"]))
            .collect();
        rows.push(row(HEADER_SEARCH_ROWS + 1, &["姓名"]));
        assert!(find(&rows, |h| column_in(HEADERS, h), |c| !c.is_empty()).is_none());
    }
}
