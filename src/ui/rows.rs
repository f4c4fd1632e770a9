//! Where a pane drew its table, so a click on a row selects it (issue 15 §9), as in lazygit
//! and gitui. Drawing only remembers; the pane's own `click` decides what selecting means.

use std::cell::Cell;

use ratatui::layout::{Position, Rect};

/// The rows of a table with a one-line header, as last drawn: their area and the index of
/// the first row shown (the table scrolls to keep the selection in sight).
#[derive(Debug, Default)]
pub struct DrawnRows(Cell<Option<(Rect, usize)>>);

impl DrawnRows {
    /// After a table with a one-line header was drawn in `area`, scrolled to `offset`.
    pub fn remember(&self, area: Rect, offset: usize) {
        let rows = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        self.0.set(Some((rows, offset)));
    }

    /// The index of the row drawn at (`column`, `row`), if one was.
    pub fn at(&self, column: u16, row: u16) -> Option<usize> {
        let (rows, offset) = self.0.get()?;
        rows.contains(Position::new(column, row))
            .then(|| offset + usize::from(row - rows.y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_below_the_header_is_the_row_drawn_there_counting_the_scroll() {
        let drawn = DrawnRows::default();
        assert_eq!(drawn.at(3, 3), None, "nothing drawn yet");
        drawn.remember(Rect::new(0, 2, 40, 10), 5);
        assert_eq!(drawn.at(3, 2), None, "the header");
        assert_eq!(drawn.at(3, 3), Some(5));
        assert_eq!(drawn.at(3, 6), Some(8));
        assert_eq!(drawn.at(3, 12), None, "below the table");
    }
}
