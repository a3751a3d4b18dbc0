//! Rendering: a pure function of the `App` onto a ratatui frame — header with the SANDBOX
//! banner, the stage rail, the selected stage's screen, the footer with key hints and the log
//! path, overlays, and a "too small" screen below 60×16. Never imports `aws_sdk_*`.

mod calls;
mod overlay;
mod picker;
mod rail;
pub use rail::SPINNER;
mod stage;
mod summary;
mod teardown;
mod teardown_table;
pub mod theme;

use crate::tui::app::{App, Overlay};
use keystore_engine::i18n;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use theme::Theme;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = Paragraph::new(i18n::strings().too_small).wrap(Wrap { trim: true });
        frame.render_widget(text, area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, theme, frame, header);
    let rail_width = if area.width >= 100 { 24 } else { 19 };
    let [rail_area, content] =
        Layout::horizontal([Constraint::Length(rail_width), Constraint::Min(0)]).areas(body);
    rail::render(app, theme, frame, rail_area);
    if app.teardown.is_some() {
        teardown::render(app, theme, frame, content);
    } else if app.show_summary {
        summary::render(app, theme, frame, content);
    } else {
        stage::render(app, theme, frame, content);
    }
    render_footer(app, theme, frame, footer);
    match app.overlay {
        Overlay::Help => overlay::help(theme, frame, body),
        Overlay::ConfirmQuit => overlay::quit(theme, frame, body),
        Overlay::ConfirmNonFips => overlay::non_fips(theme, frame, body),
        Overlay::ConfirmDayTwo(op) => overlay::day_two(app, theme, frame, body, op),
        Overlay::Cli => overlay::cli(app, theme, frame, body),
        Overlay::None => {}
    }
}

fn render_header(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let mut spans = vec![Span::styled(format!(" {} ", s.app_name), theme.heading())];
    spans.push(Span::styled(
        if app.sandbox {
            s.sandbox_banner
        } else {
            s.aws_banner
        },
        theme.banner(),
    ));
    if !app.ready && app.fatal.is_none() {
        spans.push(Span::styled(format!(" {}", s.connecting), theme.warn()));
    }
    if let Some(acct) = &app.account {
        spans.push(Span::raw(format!(" {} {acct}", s.account)));
    }
    spans.push(Span::raw(format!(" · {}", app.region)));
    if let Some(run) = &app.run_id {
        spans.push(Span::styled(format!(" · {run}"), theme.dim()));
    }
    let spans = fit(spans, area.width as usize);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A one-line row cut to `width` cells: the span that overflows ends with an ellipsis at a
/// character boundary (never half a double-width character) and later spans are dropped.
pub fn fit(spans: Vec<Span<'_>>, width: usize) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = i18n::width(&span.content);
        if used + w <= width {
            used += w;
            out.push(span);
            continue;
        }
        let cut = i18n::ellipsize(&span.content, width - used);
        out.push(Span::styled(cut, span.style));
        break;
    }
    out
}

fn render_footer(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let hints = match (&app.teardown, &app.form) {
        (Some(v), _) => teardown::hint(v),
        (None, Some(_)) => s.footer_form,
        (None, None) => s.footer,
    };
    let spans = match &app.notice {
        Some(n) => vec![Span::styled(format!(" ! {n}"), theme.warn())],
        None => vec![
            Span::raw(format!(" {hints}")),
            Span::styled(format!("  {}: {}", s.log_file, app.log_path), theme.dim()),
        ],
    };
    let line = Line::from(fit(spans, area.width as usize));
    frame.render_widget(Paragraph::new(line), area);
}
