//! The screen of one stage: what it does, its inputs (or the form), the IAM actions with the
//! preflight verdicts, the HSM cost note, live API calls, the wait against AWS's usual time,
//! operator commands, the error with its fix (ConnectionErrorCode meaning for a failed
//! connect), and the service-linked role panel.

use super::calls;
use super::rail::mark;
use super::theme::Theme;
use crate::tui::app::{App, FieldKind, StageStatus, StageView};
use keystore_engine::i18n::{self, Strings, t, tf};
use keystore_engine::inputs::plan::{Network, Plan};
use keystore_engine::run::events::SlrStatus;
use keystore_engine::stages::{self, StageId};
use keystore_facts::slr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

fn status_word(s: &Strings, status: StageStatus) -> &'static str {
    match status {
        StageStatus::Pending => s.status_pending,
        StageStatus::Running => s.status_running,
        StageStatus::Done => s.status_done,
        StageStatus::Failed => s.status_failed,
        StageStatus::Operator => s.status_operator,
    }
}

/// A form field's label in the operator's language (catalog `field.<plan key>`).
fn field_label(key: &str) -> String {
    t(&format!("field.{key}")).to_string()
}

/// The plan's values for a stage, as one line.
fn inputs(stage: StageId, plan: &Plan) -> Option<String> {
    Some(match stage {
        StageId::Admin => tf(
            "in.admin",
            &[("group", &plan.admin_group), ("policy", &plan.admin_policy)],
        ),
        StageId::Network => match &plan.network {
            Network::Existing(ids) => tf("in.subnets", &[("ids", &ids.join(", "))]),
            Network::CreateVpc { cidr, subnets } => {
                let subs: Vec<String> = subnets
                    .iter()
                    .map(|(c, az)| format!("{c} {}", az.as_deref().unwrap_or(t("in.any_az"))))
                    .collect();
                tf(
                    "in.new_vpc",
                    &[("cidr", &cidr), ("subnets", &subs.join(", "))],
                )
            }
        },
        StageId::Cluster => tf(
            "in.cluster",
            &[
                ("type", &plan.hsm_type),
                ("mode", &plan.mode),
                ("days", &plan.backup_days),
            ],
        ),
        StageId::Initialize => tf(
            "in.initialize",
            &[
                ("bits", &plan.key_bits),
                ("name", &plan.ca_common_name),
                ("days", &plan.cluster_cert_days),
            ],
        ),
        StageId::ClientLaunch
            if plan.client.mode == keystore_engine::inputs::plan::ClientMode::Existing =>
        {
            tf(
                "in.client_existing",
                &[("id", &plan.client.instance_id.clone().unwrap_or_default())],
            )
        }
        StageId::ClientLaunch => tf(
            "in.client",
            &[
                ("mode", &plan.client.mode.as_str()),
                ("type", &plan.client.instance_type),
                ("endpoints", &plan.client.create_endpoints),
                ("keep", &plan.client.keep),
            ],
        ),
        StageId::Kmsuser => t("in.kmsuser").into(),
        StageId::KeyStore => tf("in.key_store", &[("name", &plan.key_store_name)]),
        StageId::FirstKey => tf(
            "in.first_key",
            &[
                ("alias", &plan.key_alias),
                ("description", &plan.key_description),
            ],
        ),
        StageId::Preflight
        | StageId::FirstHsm
        | StageId::ClientPrepare
        | StageId::Activate
        | StageId::SecondHsm
        | StageId::Connect => return None,
    })
}

fn secs(s: f64) -> String {
    if s >= 60.0 {
        format!("{}m{:02}s", (s / 60.0) as u64, (s % 60.0) as u64)
    } else {
        format!("{s:.0}s")
    }
}

fn form_lines<'a>(app: &'a App, theme: &Theme, lines: &mut Vec<Line<'a>>) {
    let Some(form) = &app.form else { return };
    for (i, f) in form.fields.iter().enumerate() {
        let shown = match f.kind {
            FieldKind::Secret | FieldKind::SecretConfirm => "•".repeat(f.value.chars().count()),
            FieldKind::Choice(_) => tf("in.choice", &[("value", &f.value.as_str())]),
            FieldKind::Pasted => tf("in.pasted", &[("n", &f.value.chars().count())]),
            _ => f.value.to_string(),
        };
        let focus = i == form.focus;
        let style = if focus {
            theme.selected()
        } else {
            theme.plain()
        };
        lines.push(Line::from(vec![
            Span::raw(if focus { "> " } else { "  " }),
            Span::raw(i18n::pad(&field_label(f.key), 18)),
            Span::styled(format!("[{shown}]"), style),
        ]));
        if let Some(e) = &f.error {
            lines.push(Line::from(Span::styled(
                format!("    ! {e}"),
                theme.danger(),
            )));
        }
    }
}

fn body<'a>(app: &'a App, view: &'a StageView, theme: &Theme) -> Vec<Line<'a>> {
    let s = i18n::strings();
    let text = i18n::stage(view.id);
    let index = app.index(view.id.as_str()).unwrap_or(0);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{}/{} {}", index + 1, app.stages.len(), text.title),
                theme.heading(),
            ),
            Span::raw(format!(
                "  {} {}",
                mark(app, view.status),
                status_word(s, view.status)
            )),
            Span::styled(
                view.elapsed_s
                    .map(|e| format!("  ({})", secs(e)))
                    .unwrap_or_default(),
                theme.dim(),
            ),
        ]),
        Line::from(text.about),
    ];
    // Pending: what the stage will do. Once it runs: what is happening first (calls, wait,
    // operator commands, error), so an 80x24 terminal shows it; the description follows.
    let pending = view.status == StageStatus::Pending;
    let mut describe: Vec<Line<'a>> = Vec::new();
    {
        let lines = &mut describe;
        if matches!(
            view.id,
            StageId::Cluster | StageId::FirstHsm | StageId::SecondHsm
        ) && view.status != StageStatus::Done
        {
            lines.push(Line::from(Span::styled(s.cost_note, theme.warn())));
        }
        if view.id == StageId::ClientLaunch
            && view.status != StageStatus::Done
            && app
                .plan()
                .is_some_and(|p| p.client.mode == keystore_engine::inputs::plan::ClientMode::Launch)
        {
            lines.push(Line::from(Span::styled(s.client_cost_note, theme.warn())));
        }
        if view.id == StageId::ClientLaunch
            && matches!(view.status, StageStatus::Pending | StageStatus::Failed)
            && app.instances.is_none()
        {
            lines.push(Line::from(Span::styled(
                i18n::t("instances.key"),
                theme.dim(),
            )));
        }
        if let (Some(p), StageId::Network) = (&app.picker, view.id) {
            lines.extend(super::picker::lines(p, theme));
        } else if let (Some(p), StageId::ClientLaunch) = (&app.instances, view.id) {
            lines.extend(super::picker::instance_lines(p, theme));
        } else if app.form.is_some() && app.selected == index {
            lines.push(Line::from(Span::styled(s.inputs, theme.heading())));
            form_lines(app, theme, lines);
        } else if let Some(i) = app.plan().and_then(|p| inputs(view.id, &p)) {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", s.inputs), theme.heading()),
                Span::raw(i),
            ]));
        }
        {
            let actions = match app.plan() {
                Some(p) => stages::actions(view.id, &p),
                None => stages::info(view.id).actions.to_vec(),
            };
            let verdicts: Vec<Span> = actions
                .iter()
                .map(|a| {
                    let v = view
                        .verdicts
                        .iter()
                        .find(|(x, _)| x == a)
                        .map(|(_, d)| d.as_str());
                    match v {
                        Some("allowed") => Span::styled(format!("✓{a} "), theme.ok()),
                        Some(_) => Span::styled(format!("✗{a} "), theme.danger()),
                        None => Span::raw(format!("·{a} ")),
                    }
                })
                .collect();
            lines.push(Line::from(Span::styled(s.actions, theme.heading())));
            lines.push(Line::from(verdicts));
        }
    }
    let mut live: Vec<Line<'a>> = Vec::new();
    {
        let lines = &mut live;
        lines.push(Line::from(Span::styled(s.calls, theme.heading())));
        if view.calls.is_empty() && view.status == StageStatus::Pending {
            lines.push(Line::from(Span::styled(
                format!("  {}", s.no_calls),
                theme.dim(),
            )));
        }
        lines.extend(calls::lines(app, view, theme));
        if let Some(w) = &view.waiting {
            let mut spans = vec![
                Span::styled(
                    format!("{} {}: {}", s.waiting_for, i18n::phrase(&w.what), w.state),
                    theme.warn(),
                ),
                Span::raw(format!(" · {} {}", s.elapsed, secs(w.elapsed_s))),
            ];
            if let Some(t) = text.typical_wait {
                spans.push(Span::styled(format!(" · {} {t}", s.typical), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        if let Some((commands, by_sandbox)) = &view.operator {
            lines.push(Line::from(Span::styled(s.operator_title, theme.heading())));
            lines.push(Line::from(if *by_sandbox {
                s.operator_sandbox
            } else {
                s.operator_you
            }));
            lines.extend(commands.iter().map(|c| Line::from(format!("  {c}"))));
        }
        if let Some(e) = &view.error {
            let title = if view.id == StageId::Connect
                && keystore_engine::connect_codes::ALL.contains(&e.code.as_str())
            {
                s.connect_failed
            } else {
                s.error_title
            };
            lines.push(Line::from(Span::styled(
                format!("! {title}: {}", e.code),
                theme.danger(),
            )));
            lines.push(Line::from(e.meaning.as_str()));
            if let Some(r) = &e.request_id {
                lines.push(Line::from(Span::styled(
                    format!("{} {r}", s.request_id),
                    theme.dim(),
                )));
            }
            lines.push(Line::from(Span::styled(s.fix, theme.heading())));
            lines.extend(
                e.fix
                    .iter()
                    .enumerate()
                    .map(|(i, f)| Line::from(format!("  {}. {f}", i + 1))),
            );
            if view.id == StageId::Connect {
                lines.push(Line::from(Span::styled(s.connect_actions, theme.warn())));
            }
        }
        if !view.created.is_empty() {
            let items: Vec<String> = view
                .created
                .iter()
                .map(|(k, id)| format!("{k} {id}"))
                .collect();
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", s.created_resources), theme.heading()),
                Span::raw(items.join(", ")),
            ]));
        }
    }
    // An open form (or the subnet picker) is what the operator is working on: it comes first.
    let editing = app.form.is_some() && app.selected == index
        || app.picker.is_some()
        || app.instances.is_some();
    if pending || editing {
        lines.extend(describe);
        lines.extend(live);
    } else {
        lines.extend(live);
        lines.extend(describe);
    }
    if app.all_done() {
        lines.push(Line::from(Span::styled(s.all_done, theme.ok())));
    }
    lines
}

fn slr_panel<'a>(view: &'a StageView, theme: &Theme) -> Option<Paragraph<'a>> {
    let s = i18n::strings();
    let v = view.slr.as_ref()?;
    let role = slr::by_name(&v.role)?;
    let status = match (v.status, view.id) {
        (_, StageId::FirstKey) | (Some(SlrStatus::NotApplicable), _) => {
            Span::styled(s.slr_not_applicable, theme.dim())
        }
        (None, _) => Span::styled(s.slr_will_create, theme.warn()),
        (Some(SlrStatus::Created), _) => Span::styled(
            format!("{} ({})", s.slr_created_now, v.at.as_deref().unwrap_or("")),
            theme.ok(),
        ),
        (Some(SlrStatus::Existed), _) => Span::raw(s.slr_existed),
        (Some(SlrStatus::Absent), _) => Span::raw(s.slr_absent),
        (Some(SlrStatus::Unknown), _) => Span::styled(s.slr_unknown, theme.warn()),
    };
    // The status first: the action list may wrap and be cut on a small terminal.
    let lines = vec![
        Line::from(Span::styled(v.role.as_str(), theme.heading())),
        Line::from(status),
        Line::from(format!(
            "{} {} · {} {}",
            s.slr_trusts, v.principal, s.slr_policy, v.policy
        )),
        Line::from(Span::styled(role.actions().join(", "), theme.dim())),
    ];
    Some(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(s.slr_panel)),
    )
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(e) = &app.fatal {
        let lines = vec![
            Line::from(Span::styled(
                format!("! {}: {}", i18n::strings().error_title, e.code),
                theme.danger(),
            )),
            Line::from(e.meaning.as_str()),
        ];
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .block(Block::bordered()),
            area,
        );
        return;
    }
    let Some(view) = app.stages.get(app.selected) else {
        return;
    };
    let panel = slr_panel(view, theme);
    let panel_height = if panel.is_some() {
        if area.height >= 30 { 7 } else { 6 }
    } else {
        0
    };
    let [main, bottom] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(panel_height)]).areas(area);
    let para = Paragraph::new(body(app, view, theme))
        .wrap(Wrap { trim: false })
        .block(Block::bordered());
    frame.render_widget(para, main);
    if let Some(p) = panel {
        frame.render_widget(p, bottom);
    }
}
