//! The live API call list of a stage: the last rows, a wait's polls folded into one row with a
//! count, the latest creating call pinned in view, a not-found read shown as an answer.

use super::rail::SPINNER;
use super::theme::Theme;
use crate::tui::app::{App, StageView};
use keystore_engine::i18n;
use ratatui::text::{Line, Span};

pub fn lines<'a>(app: &App, view: &'a StageView, theme: &Theme) -> Vec<Line<'a>> {
    let s = i18n::strings();
    let mut out = Vec::new();
    // The last six rows; the latest mutating call stays in view even when reads follow it.
    let skip = view.calls.len().saturating_sub(6);
    let pinned = view
        .calls
        .iter()
        .take(skip)
        .rposition(|c| !c.is_read())
        .filter(|_| !view.calls.iter().skip(skip).any(|c| !c.is_read()));
    let shown = pinned
        .map(|p| &view.calls[p])
        .into_iter()
        .chain(view.calls.iter().skip(skip + usize::from(pinned.is_some())));
    for c in shown {
        let line = match c.ok {
            None => Line::from(format!(
                "  {} {}:{} {:.1}s",
                SPINNER[(app.ticks % 4) as usize],
                c.service,
                c.operation,
                app.ticks.saturating_sub(c.started_tick) as f64 / 10.0
            )),
            Some(true) if c.count > 1 => Line::from(vec![
                Span::styled("  ✓ ", theme.ok()),
                Span::raw(format!(
                    "{}:{} ×{} ({} {} ms)",
                    c.service,
                    c.operation,
                    c.count,
                    s.last_poll,
                    c.duration_ms.unwrap_or(0)
                )),
            ]),
            Some(true) => Line::from(vec![
                Span::styled("  ✓ ", theme.ok()),
                Span::raw(format!(
                    "{}:{} {} ms",
                    c.service,
                    c.operation,
                    c.duration_ms.unwrap_or(0)
                )),
            ]),
            Some(false) if c.not_found() => Line::from(vec![
                Span::styled("  · ", theme.dim()),
                Span::raw(format!(
                    "{}:{} {} ({})",
                    c.service,
                    c.operation,
                    s.not_found,
                    c.error_code.as_deref().unwrap_or("")
                )),
            ]),
            Some(false) => Line::from(vec![
                Span::styled("  ✗ ", theme.danger()),
                Span::raw(format!(
                    "{}:{} {}",
                    c.service,
                    c.operation,
                    c.error_code.as_deref().unwrap_or("")
                )),
            ]),
        };
        out.push(line);
    }
    out
}
