//! The teardown screen: the choices as toggles (with what the order does to the key material
//! in one line), then by tab the plan as a scrolling table with the selected row's reason and
//! blast radius, the notes, or the inventory; at the bottom the key hints, the typed
//! confirmations and the screen's messages. Fits 80×24.

use super::theme::Theme;
use crate::tui::app::{App, TeardownPhase, TeardownTab, TeardownView};
use keystore_engine::i18n::{self, t, tf};
use keystore_engine::teardown::Order;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(v) = &app.teardown else { return };
    let s = i18n::strings();
    let block = Block::bordered().title(Span::styled(s.teardown_title, theme.danger()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width.max(1) as usize;

    let head = header(v, theme, w);
    let foot = footer(v, theme);
    let height = |lines: &[Line]| lines.iter().map(|l| rows(l, w)).sum::<usize>() as u16;
    let (head_h, foot_h) = (height(&head), height(&foot));
    let [head_area, body, foot_area] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Min(3),
        Constraint::Length(foot_h),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    match v.tab {
        TeardownTab::Plan => super::teardown_table::render(v, theme, frame, body),
        TeardownTab::Notes => text_tab(&v.notes, v.scroll, frame, body),
        TeardownTab::Inventory => text_tab(&v.inventory, v.scroll, frame, body),
    }
    frame.render_widget(Paragraph::new(foot).wrap(Wrap { trim: false }), foot_area);
}

/// The teardown's key hints, for the screen's footer line.
pub fn hint(v: &TeardownView) -> &'static str {
    match v.phase {
        TeardownPhase::Planned if v.ready > 0 => t("td.tui_hint"),
        TeardownPhase::Confirming | TeardownPhase::ConfirmingKey => t("td.tui_hint_typing"),
        TeardownPhase::Scanning | TeardownPhase::Running => t("td.tui_hint_wait"),
        TeardownPhase::Planned | TeardownPhase::Finished => t("td.tui_hint_none"),
    }
}

/// Terminal rows `l` takes when wrapped at `w` cells.
pub(super) fn rows(l: &Line, w: usize) -> usize {
    l.width().max(1).div_ceil(w)
}

/// The toggles, then the order's effect on the key material in one line, then the tabs.
fn header<'a>(v: &TeardownView, theme: &Theme, w: usize) -> Vec<Line<'a>> {
    let c = &v.choice;
    let yes_no = |on: bool| {
        if on {
            t("td.tui_backups_go")
        } else {
            t("td.tui_backups_kept")
        }
    };
    let choice = tf(
        "td.tui_choice",
        &[
            ("order", &c.order.as_str()),
            ("days", &c.window_days),
            ("backups", &yes_no(c.delete_backups)),
            ("iam", &yes_no(c.delete_iam)),
            ("role", &yes_no(c.delete_key_store_role)),
        ],
    );
    let short = match (c.order, c.delete_backups) {
        (Order::Shred, _) => t("td.tui_short_shred"),
        (Order::StopBilling, false) => t("td.tui_short_stop_billing"),
        (Order::StopBilling, true) => t("td.tui_short_stop_billing_backups"),
    };
    let tabs: Vec<Span> = [
        (TeardownTab::Plan, "td.tui_view_plan"),
        (TeardownTab::Notes, "td.tui_view_notes"),
        (TeardownTab::Inventory, "td.tui_view_inventory"),
    ]
    .into_iter()
    .flat_map(|(tab, key)| {
        let style = if tab == v.tab {
            theme.selected()
        } else {
            theme.dim()
        };
        [Span::styled(format!("[{}]", t(key)), style), Span::raw(" ")]
    })
    .collect();
    vec![
        Line::from(Span::styled(choice, theme.heading())),
        Line::from(Span::styled(i18n::ellipsize(short, w), theme.warn())),
        Line::from(tabs),
    ]
}

/// The key hints, or the prompt being typed, and the screen's messages.
fn footer<'a>(v: &TeardownView, theme: &Theme) -> Vec<Line<'a>> {
    let s = i18n::strings();
    let mut out = Vec::new();
    let typed = |out: &mut Vec<Line<'a>>, prompt: String| {
        out.push(Line::from(Span::styled(prompt, theme.warn())));
        out.push(Line::from(vec![
            Span::raw("> "),
            Span::styled(format!("[{}]", v.typed), theme.selected()),
        ]));
    };
    match v.phase {
        TeardownPhase::Scanning => {
            out.push(Line::from(Span::styled(s.teardown_scanning, theme.warn())))
        }
        TeardownPhase::Running => {
            out.push(Line::from(Span::styled(s.teardown_running, theme.warn())))
        }
        TeardownPhase::Confirming => typed(&mut out, s.teardown_prompt.to_string()),
        TeardownPhase::ConfirmingKey => {
            let key = v.confirming_key.clone().unwrap_or_default();
            let prefix: String = key.chars().take(crate::tui::app::KEY_PREFIX).collect();
            typed(
                &mut out,
                tf("td.tui_key_prompt", &[("key", &key), ("prefix", &prefix)]),
            );
        }
        // The key hints are in the footer of the screen (`hint`).
        TeardownPhase::Planned | TeardownPhase::Finished => {}
    }
    let failure = v.failure.as_ref().map(|e| e.one_line());
    for m in v.message.iter().chain(failure.iter()) {
        out.push(Line::from(Span::styled(format!("! {m}"), theme.danger())));
    }
    out
}

/// The notes or the inventory: wrapped text, scrolled with ↑↓.
fn text_tab(lines: &[String], scroll: u16, frame: &mut Frame, area: Rect) {
    let text: Vec<Line> = lines.iter().map(|l| Line::from(l.as_str())).collect();
    let para = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(para, area);
}
