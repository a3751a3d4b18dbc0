//! The teardown plan as a table (Region, step, resource, state, and the reason when the screen
//! is wide enough) that scrolls to keep the selected row in view, and below it the selected
//! row in full: its state and reason, a key's blast radius, and what `a` does for it.

use super::teardown::rows;
use super::theme::Theme;
use crate::tui::app::TeardownView;
use keystore_engine::i18n::{self, t, tf};
use keystore_engine::teardown::rows::{Row as PlanRow, RowState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

/// Below this width the reason has no column: the row's detail shows it.
const REASON_FROM: u16 = 90;

pub fn render(v: &TeardownView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let detail = detail(v, theme);
    let w = area.width.max(1) as usize;
    let want: u16 = detail.iter().map(|l| rows(l, w)).sum::<usize>() as u16;
    // The table takes what its rows need, the row's detail the rest (a third at least).
    let table_need = v.rows.len() as u16 + 1;
    let room = area.height.saturating_sub(table_need).max(area.height / 3);
    let detail_h = want.min(room);
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(area);
    table(v, theme, frame, table_area);
    frame.render_widget(
        Paragraph::new(detail).wrap(Wrap { trim: false }),
        detail_area,
    );
}

fn style(theme: &Theme, s: RowState) -> Style {
    match s {
        RowState::Ready | RowState::Failed => theme.danger(),
        RowState::Waits | RowState::Blocked => theme.warn(),
        RowState::Done => theme.ok(),
        RowState::LeftAlone => theme.dim(),
    }
}

/// A waiting row's state in its column: the day it waits for.
fn state_cell(r: &PlanRow) -> String {
    match &r.until {
        Some(d) => format!("≥{d}"),
        None => r.state_text.clone(),
    }
}

fn table(v: &TeardownView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let wide = area.width >= REASON_FROM;
    let mut widths = vec![
        Constraint::Length(9),
        Constraint::Length(if wide { 26 } else { 21 }),
        Constraint::Length(if wide { 24 } else { 12 }),
        Constraint::Length(12),
    ];
    if wide {
        widths.push(Constraint::Min(10));
    }
    // The cells are cut to their column with an ellipsis, so a cut is visible.
    // One cell less: the selection's mark takes the first column.
    let marked = Rect {
        width: area.width.saturating_sub(1),
        ..area
    };
    let cols = Layout::horizontal(widths.clone()).spacing(1).split(marked);
    let fit =
        |text: &str, i: usize| i18n::ellipsize(text, cols.get(i).map_or(0, |c| c.width as usize));
    let heads = [
        "td.tui_col_region",
        "td.tui_col_step",
        "td.tui_col_resource",
        "td.tui_col_state",
        "td.tui_col_reason",
    ];
    let header = Row::new(
        heads
            .iter()
            .take(widths.len())
            .enumerate()
            .map(|(i, k)| Cell::from(fit(t(k), i))),
    )
    .style(theme.heading());
    let body = v.rows.iter().map(|r| {
        let mut cells = vec![
            Cell::from(fit(&r.region, 0)),
            Cell::from(fit(&r.step, 1)),
            Cell::from(fit(&r.resource, 2)),
            Cell::from(fit(&state_cell(r), 3)),
        ];
        if wide {
            cells.push(Cell::from(fit(&r.reason, 4)));
        }
        Row::new(cells).style(style(theme, r.state))
    });
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selected())
        .highlight_symbol("›");
    let mut state = TableState::default().with_selected(Some(v.cursor));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The selected row in full.
fn detail<'a>(v: &TeardownView, theme: &Theme) -> Vec<Line<'a>> {
    let Some(r) = v.rows.get(v.cursor) else {
        return Vec::new();
    };
    let mut out = vec![Line::from(vec![
        Span::styled(
            tf(
                "td.tui_row",
                &[("n", &(v.cursor + 1)), ("total", &v.rows.len())],
            ),
            theme.dim(),
        ),
        Span::raw(format!(" {} · {} · {}", r.region, r.step, r.resource)),
    ])];
    // What `a` does comes first: at 80×24 the reason may not fit in whole.
    if let Some(k) = &r.confirmable {
        out.push(Line::from(Span::styled(
            tf("td.tui_confirm_key", &[("key", k)]),
            theme.warn(),
        )));
    } else if v.choice.include.contains(&r.resource) {
        out.push(Line::from(Span::styled(
            tf("td.tui_unconfirm_key", &[("key", &r.resource)]),
            theme.warn(),
        )));
    }
    let reason = if r.reason.is_empty() {
        r.state_text.clone()
    } else {
        format!("{}: {}", r.state_text, r.reason)
    };
    out.push(Line::from(Span::styled(reason, style(theme, r.state))));
    if let Some(radius) = &r.radius {
        out.push(Line::from(radius.clone()));
    }
    out
}
