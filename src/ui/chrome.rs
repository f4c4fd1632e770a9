//! The frame around the pane: the header (office, tabs, tags, operator, clock), the status
//! line and the footer's key hints. Drawn from what the shell passes in.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::keys::Hint;
use super::said::Said;
use super::text::Ui;
use super::theme::Theme;
use crate::domain::text::fit;
use crate::i18n::{Lang, Msg};

/// The most rows the status line grows to before it ends in an ellipsis.
const STATUS_ROWS: usize = 3;

/// What the last action said, kept as how to say it so a language switch says it again.
pub struct Status {
    pub said: Said,
    error: bool,
}

impl Status {
    pub fn new(said: Said, error: bool) -> Status {
        Status { said, error }
    }

    /// The status as rows of `width` columns: up to `STATUS_ROWS`, the last one ending in an
    /// ellipsis if there is more, so nothing is ever cut off silently.
    fn rows(&self, width: u16, lang: Lang) -> Vec<String> {
        let text = self.said.text(lang);
        let mut rows: Vec<String> = textwrap::wrap(&text, width.max(1) as usize)
            .into_iter()
            .map(|r| r.into_owned())
            .collect();
        if rows.len() > STATUS_ROWS {
            rows.truncate(STATUS_ROWS);
            if let Some(last) = rows.last_mut() {
                *last = fit(&format!("{last} …"), width as usize);
            }
        }
        rows
    }

    pub fn height(&self, width: u16, lang: Lang) -> u16 {
        self.rows(width, lang).len().max(1) as u16
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let style = if self.error {
            Theme::error()
        } else {
            Theme::info()
        };
        let rows: Vec<Line> = self
            .rows(area.width, lang)
            .into_iter()
            .map(Line::raw)
            .collect();
        frame.render_widget(Paragraph::new(rows).style(style), area);
    }
}

pub struct Tab {
    pub digit: char,
    pub title: Msg,
    pub current: bool,
    /// An alert about this tab has just been raised (issue 20 §3): its name flashes, marked
    /// `!` before its digit so the flash shows without colour too.
    pub flash: bool,
}

pub struct Header<'a> {
    pub office: &'a str,
    /// Empty until someone signs in.
    pub tabs: Vec<Tab>,
    /// READ-ONLY or DEMO.
    pub tag: Option<Ui>,
    /// Something a supervisor must deal with (a refused handover, HND-4), in red.
    pub alert: Option<String>,
    pub operator: Option<&'a str>,
    /// Where the evidence check stands: running, or done and intact.
    pub evidence: Option<String>,
    pub time: String,
}

/// Where a tab was drawn on the header's row: its columns and its digit, for a click.
pub type TabSpot = (std::ops::Range<u16>, char);

impl Header<'_> {
    /// Draws the header; returns where each tab was drawn.
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Vec<TabSpot> {
        let office = Span::styled(format!(" {} ", fit(self.office, 24)), Theme::header());
        // A tab's title cut to `room` columns (none: whole), or only its digit.
        let tab = |tab: &Tab, title: Option<Option<usize>>| {
            let style = if tab.flash {
                Theme::flash()
            } else if tab.current {
                Theme::tab_active()
            } else {
                Theme::tab()
            };
            // The mark takes the place of the leading space: a flash never moves the tabs.
            let lead = if tab.flash { '!' } else { ' ' };
            let label = match title {
                Some(room) => {
                    let title = tab.title.text(lang);
                    let title = room.map_or_else(|| title.to_owned(), |room| fit(title, room));
                    format!("{lead}{} {title} ", tab.digit)
                }
                None => format!("{lead}{} ", tab.digit),
            };
            Span::styled(label, style)
        };
        let mut right = Vec::new();
        if let Some(alert) = &self.alert {
            right.push(Span::styled(format!(" {alert} "), Theme::error()));
        }
        if let Some(evidence) = &self.evidence {
            right.push(Span::styled(format!(" {evidence} "), Theme::dim()));
        }
        if let Some(tag) = self.tag {
            right.push(Span::styled(
                format!(" {} ", tag.text(lang)),
                Theme::warning(),
            ));
        }
        if let Some(name) = self.operator {
            let label = format!(" {} {name} ", Ui::Operator.text(lang));
            right.push(Span::styled(label, Theme::header()));
        }
        right.push(Span::styled(format!(" {} ", self.time), Theme::header()));
        frame.render_widget(Block::new().style(Theme::header()), area);
        let right = Line::from(right);
        let right_width = (right.width() as u16).min(area.width);
        let [l, r] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
        // Every tab must stay in sight: the office name goes first, then the titles of the
        // tabs not shown (their digits stay), then as much of the shown tab's title as the
        // digits leave room for (eight tabs beside the tags of a demo in English).
        let all = |titled: &dyn Fn(&Tab) -> bool| -> Vec<Span> {
            self.tabs
                .iter()
                .map(|t| tab(t, titled(t).then_some(None)))
                .collect()
        };
        let digits = Line::from(all(&|_| false)).width();
        // The shown tab's title takes one column for its space and at least two ("统…").
        let room = (l.width as usize).saturating_sub(digits + 1);
        let cut: Vec<Span> = self
            .tabs
            .iter()
            .map(|t| tab(t, (t.current && room >= 2).then_some(Some(room))))
            .collect();
        let mut with_office = vec![office];
        with_office.extend(all(&|_| true));
        let with_office_width = with_office[0].width() as u16;
        let (left, tabs_from) = [
            (with_office, with_office_width),
            (all(&|_| true), 0),
            (all(&|t| t.current), 0),
            (cut, 0),
        ]
        .into_iter()
        .find(|(spans, _)| Line::from(spans.clone()).width() <= l.width as usize)
        .unwrap_or_else(|| (all(&|_| false), 0));
        // The tabs' spans follow the office's, if it is shown: each tab's columns, in order.
        let mut x = l.x + tabs_from;
        let spots = left
            .iter()
            .skip(usize::from(tabs_from > 0))
            .zip(&self.tabs)
            .map(|(span, tab)| {
                let width = span.width() as u16;
                let spot = (x..x + width, tab.digit);
                x += width;
                spot
            })
            .collect();
        frame.render_widget(Line::from(left), l);
        frame.render_widget(right, r);
        spots
    }
}

/// The pane's footer hints on the left, as many whole ones as fit, and the global ones on
/// the right.
pub fn footer(frame: &mut Frame, area: Rect, pane: Vec<Hint>, global: Vec<Hint>, lang: Lang) {
    let hint = |h: &Hint| {
        [
            Span::styled(h.key.clone(), Theme::key()),
            Span::styled(format!(" {} ", h.label.text(lang)), Theme::key_label()),
        ]
    };
    let shown = |hints: Vec<Hint>| hints.into_iter().filter(|h| h.footer).collect::<Vec<_>>();
    let global = Line::from(shown(global).iter().flat_map(hint).collect::<Vec<_>>());
    let global_width = (global.width() as u16).min(area.width);
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(global_width)]).areas(area);
    // Whole hints only: drop those that would be cut at the edge.
    let mut used = 0;
    let pane: Vec<Span> = shown(pane)
        .iter()
        .map(hint)
        .take_while(|pair| {
            used += pair.iter().map(|s| s.width()).sum::<usize>();
            used <= left.width as usize
        })
        .flatten()
        .collect();
    frame.render_widget(Line::from(pane), left);
    frame.render_widget(global, right);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn header_row(tabs: Vec<Tab>, lang: Lang) -> String {
        let header = Header {
            office: "西堤国际售楼处",
            tabs,
            tag: Some(Ui::DemoTag),
            alert: None,
            operator: Some("前台小刘"),
            evidence: Some(Ui::EvidenceIntact.text(lang).to_owned()),
            time: "11-22 11:30".into(),
        };
        let mut terminal = Terminal::new(TestBackend::new(80, 1)).unwrap();
        terminal
            .draw(|f| {
                header.render(f, f.area(), lang);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..80).map(|x| buffer[(x, 0)].symbol()).collect()
    }

    #[test]
    fn eight_tabs_fit_80_columns_beside_the_tags_with_the_shown_tab_s_title_cut_to_fit() {
        // The sales and lobby desks' tabs once the deals have theirs: the shown one, the
        // complaints, has the longest English title.
        let titles = [
            ("轮排表", "Rotation"),
            ("登记", "Registers"),
            ("成交", "Deals"),
            ("统计", "Figures"),
            ("大堂", "Lobby"),
            ("投诉报修", "Complaints"),
            ("交接班", "Handover"),
            ("员工", "Staff"),
        ]
        .map(|(zh, en)| Msg { zh, en });
        for lang in [Lang::En, Lang::Zh] {
            let tabs = titles
                .iter()
                .enumerate()
                .map(|(i, title)| Tab {
                    digit: char::from_digit(i as u32 + 1, 10).unwrap(),
                    title: *title,
                    current: i == 5,
                    flash: false,
                })
                .collect();
            let row = header_row(tabs, lang);
            for digit in '1'..='8' {
                assert!(row.contains(&format!(" {digit} ")), "{digit}: {row}");
            }
            assert!(row.contains("11-22 11:30"), "{row}");
            let first: String = titles[5].text(lang).chars().take(1).collect();
            assert!(
                row.contains(&format!(" 6 {first}")),
                "the shown tab's title: {row}"
            );
        }
    }
}
