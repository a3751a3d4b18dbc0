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

pub fn help(theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let lines: Vec<Line> = s
        .help
        .iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<10}"), theme.heading()),
                Span::raw(*v),
            ])
        })
        .collect();
    let rect = centered(area, 64, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(s.help_title)),
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
