//! The subnet picker lines of the network stage: one row per subnet with its AZ, CIDR, VPC and
//! free addresses; `[x]` marks the chosen ones, the cursor row is in reverse video.

use super::theme::Theme;
use crate::tui::app::SubnetPicker;
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
