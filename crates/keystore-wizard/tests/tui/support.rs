//! Builds App states the way the engine would reach them, from messages only.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keystore_engine::run::events::{Event, SlrStatus};
use keystore_engine::stages::StageId;
use keystore_engine::teardown::rows::{Row, RowState};
use keystore_wizard::tui::app::{App, Command, Msg, StageResult};
use keystore_wizard::tui::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub const PLAN: &str = include_str!("../../../../assets/example-plan.toml");

pub fn app() -> App {
    let mut a = App::new(
        PLAN.to_string(),
        true,
        "us-east-1".into(),
        "/state/sandbox/keystore-wizard.log".into(),
    );
    a.update(Msg::SessionOpened { resumed: vec![] });
    a
}

pub fn key(a: &mut App, code: KeyCode) -> Vec<Command> {
    a.update(Msg::KeyPressed(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn ctrl_c(a: &mut App) -> Vec<Command> {
    a.update(Msg::KeyPressed(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )))
}

pub fn ev(a: &mut App, e: Event) {
    a.update(Msg::EngineReported(e));
}

pub fn call(a: &mut App, service: &str, op: &str, ok: bool) {
    ev(
        a,
        Event::ApiCallStarted {
            stage: None,
            service: service.into(),
            operation: op.into(),
        },
    );
    ev(
        a,
        Event::ApiCall {
            stage: None,
            service: service.into(),
            operation: op.into(),
            region: "us-east-1".into(),
            duration_ms: 12,
            outcome: if ok { "ok".into() } else { "error".into() },
            error_code: (!ok).then(|| "ThrottlingException".into()),
            cli: format!("aws {service} {} --region us-east-1", op.to_lowercase()),
        },
    );
}

/// Runs stages up to (not including) `stage` as done, with their typical events.
pub fn through(a: &mut App, stage: &str) {
    ev(
        a,
        Event::RunStarted {
            run_id: "ksw-0123456789".into(),
            account_id: "123456789012".into(),
            region: "us-east-1".into(),
            target: "sandbox".into(),
        },
    );
    while let Some(i) = a.next_stage() {
        let id = a.stages[i].id;
        if id.as_str() == stage {
            // A finished stage stays on screen; the operator moves on to the next one.
            while a.selected < i {
                key(a, KeyCode::Down);
            }
            break;
        }
        // To show `stage` on its own when it runs beside this one, this one runs alone (as a
        // session whose other stage was done earlier runs it).
        let beside = a
            .plan()
            .and_then(|p| keystore_engine::stages::runs_beside(id, &p));
        if beside.is_some_and(|b| b.as_str() == stage) {
            a.stages[i].status = keystore_wizard::tui::app::StageStatus::Running;
            a.running.push(i);
            finish(a, id);
            continue;
        }
        let cmds = key(a, KeyCode::Enter);
        let ids = match cmds.last() {
            Some(Command::RunStage(s)) if *s == id => vec![id],
            Some(Command::RunTogether(s, other)) if *s == id => vec![id, *other],
            other => panic!("{id}: {other:?}"),
        };
        for id in ids {
            finish(a, id);
        }
    }
}

/// The events a stage typically reports, then its end (done).
fn finish(a: &mut App, id: StageId) {
    let i = a.index(id.as_str()).expect("stage");
    {
        call(a, "cloudhsm", "DescribeClusters", true);
        if let Some(slr) = a.stages[i].slr.clone() {
            let status = if id == StageId::FirstKey {
                SlrStatus::NotApplicable
            } else {
                SlrStatus::Created
            };
            ev(
                a,
                Event::Slr {
                    stage: id.as_str().into(),
                    role: slr.role,
                    principal: slr.principal,
                    policy: slr.policy,
                    status,
                },
            );
        }
        ev(
            a,
            Event::StageFinished {
                stage: id.as_str().into(),
                outcome: "done".into(),
                elapsed_s: 1.5,
            },
        );
        a.update(Msg::StageEnded {
            stage: id.as_str().into(),
            result: StageResult::Done,
        });
    }
}

/// A stage in one of four states: pending, running, done, failed.
pub fn stage_in(stage: &str, state: &str) -> App {
    let mut a = app();
    through(&mut a, stage);
    let i = a.index(stage).expect("stage");
    match state {
        "pending" => {}
        "running" => {
            key(&mut a, KeyCode::Enter);
            call(&mut a, "cloudhsm", "DescribeClusters", true);
            ev(
                &mut a,
                Event::ApiCallStarted {
                    stage: None,
                    service: "cloudhsm".into(),
                    operation: "DescribeClusters".into(),
                },
            );
            ev(
                &mut a,
                Event::Waiting {
                    stage: stage.into(),
                    what: "cluster to leave CREATE_IN_PROGRESS".into(),
                    state: "CREATE_IN_PROGRESS".into(),
                    elapsed_s: 125.0,
                },
            );
        }
        "done" => {
            let next = a.stages.get(i + 1).map(|s| s.id.as_str()).unwrap_or("none");
            through(&mut a, next);
            a.selected = i;
        }
        "failed" => {
            key(&mut a, KeyCode::Enter);
            call(&mut a, "cloudhsm", "DescribeClusters", false);
            a.update(Msg::StageEnded {
                stage: stage.into(),
                result: StageResult::Failed {
                    code: "ThrottlingException".into(),
                    meaning: "DescribeClusters failed: ThrottlingException: Rate exceeded".into(),
                    fix: vec![keystore_engine::i18n::t("fix.Transient").into()],
                    request_id: Some("5a7db0c2-0000-4000-8000-000000000012".into()),
                    operation: Some("DescribeClusters".into()),
                },
            });
        }
        other => panic!("{other}"),
    }
    a
}

pub fn draw(a: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| ui::render(a, &Theme { color: true }, f))
        .expect("draw");
    t
}

/// The connect stage ended FAILED with `code`, worded in the current language.
pub fn connect_failed(code: &str) -> App {
    let mut a = app();
    through(&mut a, "connect");
    key(&mut a, KeyCode::Enter);
    let (meaning, fix) = keystore_engine::connect_codes::explain(code);
    a.update(Msg::StageEnded {
        stage: "connect".into(),
        result: StageResult::Failed {
            code: code.into(),
            meaning,
            fix,
            request_id: None,
            operation: None,
        },
    });
    a
}

/// The whole screen at `w`×`h` as text, one line per row.
pub fn text(a: &App, w: u16, h: u16) -> String {
    let t = draw(a, w, h);
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A teardown table row as the engine would send it.
pub fn row(step: &str, resource: &str, state: RowState, reason: &str) -> Row {
    let state_text = match state {
        RowState::Ready => "ready",
        RowState::Waits => "waits until 2026-12-09",
        RowState::Blocked => "blocked",
        RowState::LeftAlone => "left alone",
        RowState::Done => "done",
        RowState::Failed => "FAILED",
    };
    Row {
        region: if step.contains("role") {
            "global"
        } else {
            "us-east-1"
        }
        .into(),
        step: step.into(),
        resource: resource.into(),
        state,
        state_text: state_text.into(),
        until: (state == RowState::Waits).then(|| "2026-12-09".into()),
        reason: reason.into(),
        radius: None,
        confirmable: None,
    }
}

/// The teardown screen with `rows` planned (account 123456789012).
pub fn planned(a: &mut App, rows: Vec<Row>) {
    let ready = rows.iter().filter(|r| r.state == RowState::Ready).count();
    a.update(Msg::TeardownPlanned {
        account: "123456789012".into(),
        inventory: vec!["account 123456789012 · 32 Region(s) (every enabled Region)".into()],
        rows,
        notes: vec!["Order: stop-billing. The key material stays in the backups.".into()],
        ready,
    });
}
