//! TUI cost (issue 8, figure 4), with criterion: one frame rendered at 80×24 and 200×60 on
//! ratatui's TestBackend (targets: < 1 ms), and `App::update` for an engine event and a key.
//! Process-level figures (first frame, key-to-frame, peak RSS) are measured by `scripts/bench`
//! on the real binary.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keystore_engine::run::events::Event;
use keystore_wizard::tui::app::{App, Msg};
use keystore_wizard::tui::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

const PLAN: &str = include_str!("../../../assets/example-plan.toml");

/// A wizard in the middle of a run: the cluster stage running with ten calls in flight.
fn busy_app() -> App {
    let mut a = App::new(
        PLAN.to_string(),
        true,
        "us-east-1".into(),
        "/state/sandbox/keystore-wizard.log".into(),
    );
    a.update(Msg::SessionOpened { resumed: vec![] });
    a.update(Msg::EngineReported(Event::RunStarted {
        run_id: "ksw-0123456789".into(),
        account_id: "123456789012".into(),
        region: "us-east-1".into(),
        target: "sandbox".into(),
    }));
    a.update(Msg::KeyPressed(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    for _ in 0..10 {
        a.update(Msg::EngineReported(Event::ApiCallStarted {
            stage: None,
            service: "cloudhsm".into(),
            operation: "DescribeClusters".into(),
        }));
    }
    a.update(Msg::EngineReported(Event::Waiting {
        stage: "preflight".into(),
        what: "cluster to leave CREATE_IN_PROGRESS".into(),
        state: "CREATE_IN_PROGRESS".into(),
        elapsed_s: 125.0,
    }));
    a
}

fn render(c: &mut Criterion) {
    let app = busy_app();
    let theme = Theme { color: true };
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        c.bench_function(&format!("render_{w}x{h}"), |b| {
            b.iter(|| {
                term.draw(|f| ui::render(black_box(&app), &theme, f))
                    .expect("draw");
            })
        });
    }
}

fn update(c: &mut Criterion) {
    // A fresh busy wizard per message: the state does not grow across iterations.
    c.bench_function("update_api_call_event", |b| {
        b.iter_batched(
            busy_app,
            |mut app| {
                app.update(black_box(Msg::EngineReported(Event::ApiCall {
                    stage: None,
                    service: "cloudhsm".into(),
                    operation: "DescribeClusters".into(),
                    region: "us-east-1".into(),
                    duration_ms: 12,
                    outcome: "ok".into(),
                    error_code: None,
                    cli: "aws cloudhsmv2 describe-clusters".into(),
                })))
            },
            BatchSize::SmallInput,
        )
    });
    let mut app = busy_app();
    c.bench_function("update_key", |b| {
        b.iter(|| {
            app.update(black_box(Msg::KeyPressed(KeyEvent::new(
                KeyCode::Down,
                KeyModifiers::NONE,
            ))))
        })
    });
    let mut app = busy_app();
    c.bench_function("update_tick", |b| {
        b.iter(|| app.update(black_box(Msg::Ticked)))
    });
}

/// Key to frame in-process: the key's update and the redraw it causes, at 120×40 with ten calls
/// in flight (the terminal write is measured end to end by `benches/system.rs` in tmux).
fn key_to_frame(c: &mut Criterion) {
    let mut app = busy_app();
    let theme = Theme { color: true };
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut down = true;
    c.bench_function("key_to_frame_120x40", |b| {
        b.iter(|| {
            let code = if down { KeyCode::Down } else { KeyCode::Up };
            down = !down;
            app.update(Msg::KeyPressed(KeyEvent::new(code, KeyModifiers::NONE)));
            term.draw(|f| ui::render(black_box(&app), &theme, f))
                .expect("draw");
        })
    });
}

criterion_group!(benches, render, update, key_to_frame);
criterion_main!(benches);
