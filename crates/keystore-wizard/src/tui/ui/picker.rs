//! The pickers' lines: the network stage's subnets (AZ, CIDR, VPC, free addresses; `[x]` marks
//! the chosen ones) and the client stage's instances (id, Name, AZ, state, SSM). The cursor row
//! is in reverse video.

use super::theme::Theme;
use crate::tui::app::{InstancePicker, SubnetPicker};
use keystore_engine::i18n;
use ratatui::text::{Line, Span};

pub fn lines<'a>(p: &'a SubnetPicker, theme: &Theme) -> Vec<Line<'a>> {
    let s = i18n::strings();
    let mut out = vec![Line::from(Span::styled(s.picker_title, theme.heading()))];
    if p.loading {
        out.push(Line::from(Span::styled(s.picker_loading, theme.warn())));
    }
    for (i, sub) in p.subnets.iter().enumerate() {
        let mark = if p.chosen.contains(&i) { "[x]" } else { "[ ]" };
        let free = i18n::tf("picker.free", &[("n", &sub.free_ips)]);
        let text = format!(
            "{mark} {} {} {:<18} {} {free}",
            sub.id, sub.az, sub.cidr, sub.vpc_id
        );
        let style = if i == p.cursor {
            theme.selected()
        } else if sub.free_ips < 2 {
            theme.danger()
        } else {
            theme.plain()
        };
        out.push(Line::from(Span::styled(text, style)));
    }
    let failure = p.failure.as_ref().map(|e| e.one_line());
    for e in p.error.iter().chain(failure.iter()) {
        out.push(Line::from(Span::styled(format!("! {e}"), theme.danger())));
    }
    out.push(Line::from(Span::styled(s.picker_hint, theme.dim())));
    out
}

pub fn instance_lines<'a>(p: &'a InstancePicker, theme: &Theme) -> Vec<Line<'a>> {
    let mut out = vec![Line::from(Span::styled(
        i18n::t("instances.title"),
        theme.heading(),
    ))];
    if p.loading {
        out.push(Line::from(Span::styled(
            i18n::t("instances.loading"),
            theme.warn(),
        )));
    } else if p.rows.is_empty() && p.failure.is_none() {
        out.push(Line::from(Span::styled(
            i18n::t("instances.none"),
            theme.warn(),
        )));
    }
    for (i, row) in p.rows.iter().enumerate() {
        let ssm = if row.managed {
            i18n::t("instances.managed")
        } else {
            i18n::t("instances.not_managed")
        };
        let name = if row.name.is_empty() { "-" } else { &row.name };
        let text = format!("{} {name} {} {} {ssm}", row.id, row.az, row.state);
        let style = if i == p.cursor {
            theme.selected()
        } else if !row.managed {
            theme.dim()
        } else {
            theme.plain()
        };
        out.push(Line::from(Span::styled(text, style)));
    }
    let failure = p.failure.as_ref().map(|e| e.one_line());
    for e in p.error.iter().chain(failure.iter()) {
        out.push(Line::from(Span::styled(format!("! {e}"), theme.danger())));
    }
    out.push(Line::from(Span::styled(
        i18n::t("instances.hint"),
        theme.dim(),
    )));
    out
}
