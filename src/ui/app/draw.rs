//! Drawing the shell: the banner, the tab bar, the shown pane with its modals, the status
//! line and the footer, and the help page — all from what the shell holds, never the store.

use super::*;

impl App {
    /// Every key that works here, pane keys first, in two columns so it fits 80×24, then the
    /// rules this office runs on.
    pub(super) fn help(&self) -> Info {
        let lang = self.lang;
        let entries = |hints: Vec<Hint>| -> Vec<String> {
            hints.iter().map(|h| h.help_entry(lang)).collect()
        };
        let mut global = entries(hints(GLOBAL_KEYS));
        global.push(format!("{:<6} {}", "Ctrl-C", Ui::KeyQuit.text(lang)));
        // Which digit is which tab (issue 15 §8), on one line so the page fits 80×24; it
        // says what the digits do, and stands between the keys and the rules.
        let desks = self.shared.settings.desks();
        let tabs: Vec<String> = self
            .shown()
            .into_iter()
            .map(|id| {
                let title = self.panes[id as usize].title();
                format!("{} {}", id.digit(desks), title.text(lang))
            })
            .collect();
        let mut lines = two_columns(&entries(self.pane().hints()), HELP_COLUMN);
        // The tabs on as few lines as the two columns' width allows, broken between tabs;
        // when they need two (seven tabs and more in English), the empty line above the
        // global keys gives way, so the page keeps its height at 80×24.
        let tab_lines = joined_within(&tabs, " · ", 2 * HELP_COLUMN);
        if tab_lines.len() < 2 {
            lines.push(String::new());
        }
        lines.extend(two_columns(&global, HELP_COLUMN));
        lines.extend(tab_lines);
        // The console's key vocabulary (issue 20 §1), from its enum: what these keys mean
        // on this tab they mean on every tab.
        // In the page's title, so the page keeps fitting 80×24 under a status line.
        let vocabulary = crate::ui::vocabulary::summary(lang).join(" · ");
        lines.push(office::summary(&self.shared.settings, lang));
        let title = format!("{} · {vocabulary}", Ui::DlgHelp.text(lang));
        Info::new(title, lines)
    }

    pub fn render(&self, frame: &mut Frame) {
        self.draw(frame, false);
    }

    /// Draws the screen a clerk sees at rest, once an alert's flash has ended, with every
    /// clock as at the clock's now. For tests, whose clock stands still: a flash (`FLASH`
    /// from its moment) would never end, and a snapshot would keep it.
    pub fn render_at_rest(&self, frame: &mut Frame) {
        self.draw(frame, true);
    }

    pub(super) fn draw(&self, frame: &mut Frame, at_rest: bool) {
        let now = self.clock.now();
        // The tab's and the banner's flash are looked at the moment after, when at rest.
        let flash_at = match at_rest {
            true => now + alerts::FLASH,
            false => now,
        };
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let message = fill(
                Ui::TooSmall.text(self.lang),
                &[
                    ("w", &MIN_WIDTH),
                    ("h", &MIN_HEIGHT),
                    ("cw", &area.width),
                    ("ch", &area.height),
                ],
            );
            frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
            return;
        }
        // A long status (a decision and the phrase to say) wraps onto more lines.
        let status_height = self
            .shown_status()
            .map_or(1, |s| s.height(area.width, self.lang));
        // The evidence alarm has rows of its own, on every screen and for everyone, until a
        // supervisor acknowledges it: no status message or sign-in takes its place.
        // The head office's refusal and a failed backup are every supervisor's warnings
        // (issue 19), below the evidence alarm; the refusal first: it means the file was
        // changed behind the console's back.
        let supervisor = self
            .operator
            .as_ref()
            .is_some_and(|o| o.role == crate::domain::staff::Role::Supervisor);
        let banner = self
            .evidence
            .banner(self.shared.settings.timezone())
            .or_else(|| supervisor.then(|| self.push_warning.clone()).flatten())
            .or_else(|| supervisor.then(|| self.backup_warning.clone()).flatten())
            .map(|said| Status::new(said, true));
        let banner_height = banner
            .as_ref()
            .map_or(0, |b| b.height(area.width, self.lang));
        let [header, body, alarm, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(banner_height),
            Constraint::Length(status_height),
            Constraint::Length(1),
        ])
        .areas(area);
        if let Some(banner) = &banner {
            banner.render(frame, alarm, self.lang);
            if self.alerts.banner_flashes(flash_at) {
                frame
                    .buffer_mut()
                    .set_style(alarm, crate::ui::theme::Theme::flash());
            }
        }
        self.render_header(frame, header, now, flash_at);
        if let Some(operator) = &self.operator {
            let view = View {
                shared: &self.shared,
                lang: self.lang,
                now,
                operator,
                at_rest,
            };
            let body = body.inner(Margin {
                horizontal: 1,
                vertical: 0,
            });
            self.pane().render(frame, body, &view);
        }
        if let Some(s) = self.shown_status() {
            s.render(frame, status, self.lang);
        }
        self.render_footer(frame, footer);
        for modal in &self.modals {
            match modal {
                Modal::Form { form, .. } => form.render(frame, body, self.lang),
                Modal::Info(info)
                | Modal::ConfirmQuit(info)
                | Modal::Waiting { page: info, .. } => info.render(frame, body, self.lang),
            }
        }
    }

    /// The header drawn at `now`, its tabs' flash looked at at `flash_at`.
    pub(super) fn render_header(
        &self,
        frame: &mut Frame,
        area: Rect,
        now: DateTime<Utc>,
        flash_at: DateTime<Utc>,
    ) {
        let tabs: Vec<chrome::Tab> = match self.operator {
            Some(_) => {
                let desks = self.shared.settings.desks();
                PaneId::iter()
                    .zip(&self.panes)
                    .filter(|(id, _)| id.shown(desks))
                    .map(|(id, pane)| chrome::Tab {
                        digit: id.digit(desks),
                        title: pane.title(),
                        current: id == self.current,
                        flash: self.alerts.tab_flashes(id, flash_at),
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let tag = if self.shared.disk_full {
            Some(Ui::DiskFullTag)
        } else if self.shared.read_only {
            Some(Ui::ReadOnlyTag)
        } else {
            self.demo.then_some(Ui::DemoTag)
        };
        let local = now.with_timezone(&self.shared.settings.timezone());
        let spots = chrome::Header {
            office: &self.shared.office,
            tabs,
            tag,
            alert: notices::refusal_tag(&self.shared, self.operator.as_ref())
                .map(|said| said.text(self.lang)),
            operator: self.operator.as_ref().map(|o| o.name.as_str()),
            evidence: self.evidence.tag(self.lang),
            time: local.format("%m-%d %H:%M").to_string(),
        }
        .render(frame, area, self.lang);
        *self.tab_spots.borrow_mut() = spots;
    }

    pub(super) fn render_footer(&self, frame: &mut Frame, area: Rect) {
        if self.modals.is_empty() && self.operator.is_some() {
            chrome::footer(
                frame,
                area,
                self.pane().hints(),
                hints(GLOBAL_KEYS),
                self.lang,
            );
        }
    }
}
