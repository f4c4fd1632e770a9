//! The console's one theme: every colour and emphasis the render code uses.

use ratatui::style::{Color, Modifier, Style};

pub struct Theme;

impl Theme {
    pub fn header() -> Style {
        Style::new().fg(Color::Black).bg(Color::Cyan)
    }
    pub fn tab_active() -> Style {
        Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    pub fn tab() -> Style {
        Style::new().fg(Color::Black).bg(Color::Cyan)
    }
    pub fn title() -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn next_up() -> Style {
        Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    pub fn receiving() -> Style {
        Style::new().fg(Color::Yellow)
    }
    pub fn away() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn dim() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn selected() -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn column_header() -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn info() -> Style {
        Style::new().fg(Color::Cyan)
    }
    pub fn error() -> Style {
        Style::new().fg(Color::White).bg(Color::Red)
    }
    pub fn warning() -> Style {
        Style::new().fg(Color::Black).bg(Color::Yellow)
    }
    /// An alert's flash (issue 20 §3): a tab's name, a row, the evidence banner.
    pub fn flash() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn key() -> Style {
        Style::new().fg(Color::Black).bg(Color::Gray)
    }
    pub fn key_label() -> Style {
        Style::new()
    }
    pub fn dialog_border() -> Style {
        Style::new().fg(Color::Cyan)
    }
    pub fn field_focused() -> Style {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn input() -> Style {
        Style::new().bg(Color::DarkGray).fg(Color::White)
    }
    /// A chart's bars (the figures), and the number written on them.
    pub fn chart_bar() -> Style {
        Style::new().fg(Color::Cyan)
    }
    pub fn chart_value() -> Style {
        Style::new().fg(Color::Black).bg(Color::Cyan)
    }
    /// A second series beside the first (calls beside visits).
    pub fn chart_second() -> Style {
        Style::new().fg(Color::Yellow)
    }
}
