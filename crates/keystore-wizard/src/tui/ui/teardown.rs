//! The teardown screen: every Region's inventory, the plan in dependency order, the toggles
//! (order, backups) with what the order does to the key material, and the typed confirmation
//! of the account id; then what was done and what remains (with dates).

use super::theme::Theme;
use crate::tui::app::{App, TeardownPhase};
use keystore_engine::i18n;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(t) = &app.teardown else { return };
    let s = i18n::strings();
    let mut lines: Vec<Line> = Vec::new();
    if t.phase == TeardownPhase::Scanning {
        lines.push(Line::from(Span::styled(s.teardown_scanning, theme.warn())));
    }
    lines.extend(t.inventory.iter().map(|l| Line::from(l.as_str())));
    if !t.steps.is_empty() {
        lines.push(Line::from(Span::styled(s.teardown_plan, theme.heading())));
        lines.extend(t.steps.iter().map(|(l, ready)| {
            let style = if *ready {
                theme.danger()
            } else {
                theme.plain()
            };
            Line::from(Span::styled(format!("  {l}"), style))
        }));
    }
    if matches!(t.phase, TeardownPhase::Planned | TeardownPhase::Finished) {
        let opts = keystore_engine::teardown::Options {
            order: t.choice.order,
            delete_backups: t.choice.delete_backups,
            ..Default::default()
        };
        let backups = if t.choice.delete_backups {
            i18n::t("td.tui_backups_go")
        } else {
            i18n::t("td.tui_backups_kept")
        };
        lines.push(Line::from(Span::styled(
            i18n::tf(
                "td.tui_choice",
                &[("order", &t.choice.order.as_str()), ("backups", &backups)],
            ),
            theme.heading(),
        )));
        lines.push(Line::from(Span::styled(
            keystore_engine::teardown::report::order_note(&opts),
            theme.warn(),
        )));
    }
    match t.phase {
        TeardownPhase::Planned if t.ready > 0 => {
            lines.push(Line::from(Span::styled(s.teardown_hint, theme.warn())))
        }
        TeardownPhase::Planned => lines.push(Line::from(s.teardown_nothing)),
        TeardownPhase::Confirming => {
            lines.push(Line::from(Span::styled(s.teardown_prompt, theme.warn())));
            lines.push(Line::from(vec![
                Span::raw("> "),
                Span::styled(format!("[{}]", t.typed), theme.selected()),
            ]));
        }
        TeardownPhase::Running => {
            lines.push(Line::from(Span::styled(s.teardown_running, theme.warn())))
        }
        TeardownPhase::Finished => {
            lines.push(Line::from(Span::styled(
                s.teardown_results,
                theme.heading(),
            )));
            lines.extend(t.results.iter().map(|l| Line::from(format!("  {l}"))));
            lines.push(Line::from(Span::styled(
                s.teardown_remaining,
                theme.heading(),
            )));
            lines.extend(t.remaining.iter().map(|l| Line::from(format!("  {l}"))));
        }
        TeardownPhase::Scanning => {}
    }
    let failure = t.failure.as_ref().map(|e| e.one_line());
    for m in t.message.iter().chain(failure.iter()) {
        lines.push(Line::from(Span::styled(format!("! {m}"), theme.danger())));
    }
    // Keep the prompt and the results in view: when the wrapped text is taller than the box,
    // drop lines from the top (the inventory) first.
    let inner_h = area.height.saturating_sub(2) as usize;
    let inner_w = area.width.saturating_sub(2).max(1) as usize;
    let rows = |l: &Line| l.width().max(1).div_ceil(inner_w);
    let mut total: usize = lines.iter().map(rows).sum();
    let mut skip = 0;
    while total > inner_h && skip < lines.len() {
        total -= rows(&lines[skip]);
        skip += 1;
    }
    let para = Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>())
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(Span::styled(s.teardown_title, theme.danger())));
    frame.render_widget(para, area);
}
