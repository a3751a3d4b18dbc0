//! The run-all summary: every resource the run created or adopted, by stage, and every
//! service-linked role with what the run observed — what the operator would otherwise collect
//! from the console afterwards. Pure render of `App::summary`.

use super::theme::Theme;
use crate::tui::app::App;
use keystore_engine::i18n::{self, t, tf};
use keystore_engine::run::events::SlrStatus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = i18n::strings();
    let sum = &app.summary;
    let mut lines = vec![
        Line::from(Span::styled(s.all_done, theme.ok())),
        Line::from(Span::styled(
            tf(
                "h.summary",
                &[("created", &sum.created()), ("adopted", &sum.adopted())],
            ),
            theme.heading(),
        )),
    ];
    for (stage, made) in sum.by_stage() {
        lines.push(Line::from(Span::styled(format!("{stage}:"), theme.dim())));
        for m in made {
            let mark = if m.created {
                ""
            } else {
                t("h.summary_adopted")
            };
            lines.push(Line::from(format!("  {} {}{mark}", m.kind, m.id)));
        }
    }
    lines.push(Line::from(Span::styled(
        t("h.summary_roles"),
        theme.heading(),
    )));
    for (role, status) in &sum.roles {
        let style = match status {
            SlrStatus::Created => theme.ok(),
            SlrStatus::Unknown => theme.warn(),
            _ => theme.plain(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {role}: ")),
            Span::styled(status.words(), style),
        ]));
    }
    lines.push(Line::from(Span::styled(t("tui.summary_hint"), theme.dim())));
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(t("tui.summary_title")));
    frame.render_widget(p, area);
}
