//! Overlays drawn over the body: help, the quit confirmation, and the equivalent AWS CLI
//! commands of the selected stage.

use super::theme::Theme;
use crate::tui::app::App;
use keystore_engine::i18n;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(h);
    v
}

/// `text` broken into rows of at most `width` display cells: at spaces where it can, inside a
/// word (a run of CJK text has no spaces) where it must.
fn wrap_rows(text: &str, width: usize) -> Vec<String> {
    let mut rows = vec![String::new()];
    for word in text.split(' ') {
        let last = rows.len() - 1;
        let sep = usize::from(!rows[last].is_empty());
        if i18n::width(&rows[last]) + sep + i18n::width(word) <= width {
            if sep == 1 {
                rows[last].push(' ');
            }
            rows[last].push_str(word);
            continue;
        }
        if !rows[last].is_empty() {
            rows.push(String::new());
        }
        for c in word.chars() {
            let last = rows.len() - 1;
            if i18n::width(&rows[last]) + i18n::width(&c.to_string()) > width {
                rows.push(String::new());
            }
            let last = rows.len() - 1;
            rows[last].push(c);
        }
    }
    rows
}

pub fn help(theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let width = 64.min(area.width);
    // Wrapped here, so the box is exactly as tall as its text and nothing is cut off.
    let text_width = usize::from(width.saturating_sub(2 + 10)).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for (k, v) in s.help {
        for (i, row) in wrap_rows(v, text_width).into_iter().enumerate() {
            let key = if i == 0 {
                format!("{k:<10}")
            } else {
                " ".repeat(10)
            };
            lines.push(Line::from(vec![
                Span::styled(key, theme.heading()),
                Span::raw(row),
            ]));
        }
    }
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(s.help_title)),
        rect,
    );
}

pub fn quit(theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let rect = centered(area, 56, 7);
    frame.render_widget(Clear, rect);
    let p = Paragraph::new(Line::from(s.quit_body))
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(Span::styled(s.quit_title, theme.warn())));
    frame.render_widget(p, rect);
}

/// What NON_FIPS mode makes permanent, asked before the cluster is created.
pub fn non_fips(theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let rect = centered(area, 64, 10);
    frame.render_widget(Clear, rect);
    let p = Paragraph::new(Line::from(s.non_fips_body))
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(Span::styled(s.non_fips_title, theme.warn())));
    frame.render_widget(p, rect);
}

/// Park, unpark or repair: what it does to the account, asked before it runs.
pub fn day_two(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    op: keystore_engine::daytwo::Op,
) {
    // The operation's name: its one-line description is longer than the box at 80 columns.
    let title = op.as_str();
    let (backup, taken) = app
        .restore_from
        .as_ref()
        .map(|(id, t)| (id.clone(), keystore_engine::teardown::exec::day(*t)))
        .unwrap_or_default();
    let body = i18n::tf(
        &format!("d2.tui_confirm.{}", op.as_str()),
        &[("backup", &backup), ("taken", &taken)],
    );
    let rect = centered(area, 64, 10);
    frame.render_widget(Clear, rect);
    let p = Paragraph::new(Line::from(body))
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(Span::styled(title, theme.warn())));
    frame.render_widget(p, rect);
}

pub fn cli(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let view = &app.stages[app.selected];
    let mut lines: Vec<Line> = view
        .calls
        .iter()
        .filter(|c| !c.cli.is_empty())
        .map(|c| Line::from(c.cli.as_str()))
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(s.no_calls, theme.dim())));
    }
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(s.cli_title)),
        rect,
    );
}
