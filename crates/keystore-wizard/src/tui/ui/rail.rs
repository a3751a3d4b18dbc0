//! The stage rail on the left: every stage with a status mark; the selected one in reverse video.

use super::theme::Theme;
use crate::tui::app::{App, StageStatus};
use keystore_engine::i18n;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

pub fn mark(app: &App, status: StageStatus) -> &'static str {
    match status {
        StageStatus::Pending => "·",
        StageStatus::Running => SPINNER[(app.ticks % 4) as usize],
        StageStatus::Done => "✓",
        StageStatus::Failed => "!",
        StageStatus::Operator => "?",
    }
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = app
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = match s.status {
                StageStatus::Done => theme.ok(),
                StageStatus::Failed => theme.danger(),
                StageStatus::Operator => theme.warn(),
                _ => theme.plain(),
            };
            let pointer = if i == app.selected { ">" } else { " " };
            let head = format!("{pointer}{} {:>2} ", mark(app, s.status), i + 1);
            // Inside the borders; a title too long for the rail (a Japanese one, say) ends with
            // an ellipsis at a character boundary instead of being cut mid-character.
            let room = (area.width as usize).saturating_sub(2 + i18n::width(&head));
            let text = format!("{head}{}", i18n::ellipsize(i18n::stage(s.id).title, room));
            let style = if i == app.selected {
                theme.selected()
            } else {
                style
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    let block = Block::bordered().title(i18n::strings().stages);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
