//! The terminal side of the wizard: refuses to start without a TTY (exit 2), sets the terminal
//! up (ratatui restores it on panic), runs one `tokio::select!` over key events, engine
//! messages, a 100 ms tick and SIGTERM/SIGHUP, feeds each into `App::update`, carries out the
//! commands, and draws. The journal is written by the engine as it goes, so a quit at any
//! moment loses nothing; the terminal is restored on every way out.

pub mod app;
pub mod engine_task;
pub mod ui;

use crate::cli::Global;
use crate::commands::context;
use app::{App, Command, Msg};
use crossterm::event::{Event as TermEvent, EventStream};
use futures::{FutureExt, StreamExt};
use keystore_engine::exit::{ExitCode, Failure};
use keystore_engine::inputs::plan::Plan;
use keystore_engine::inputs::secrets::Secrets;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use ui::theme::Theme;
use zeroize::Zeroizing;

pub const EXAMPLE_PLAN: &str = keystore_engine::inputs::plan::EXAMPLE;

/// Bracketed paste on (a paste arrives as one event, never as keystrokes) or off again; the
/// panic hook turns it off too, so a crash does not leave the shell receiving paste markers.
fn paste_mode(on: bool) {
    use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
    let mut out = std::io::stdout();
    let _ = if on {
        crossterm::execute!(out, EnableBracketedPaste)
    } else {
        crossterm::execute!(out, DisableBracketedPaste)
    };
    if on {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
            previous(info);
        }));
    }
}

pub async fn run(g: &Global, plan_path: Option<PathBuf>) -> Result<(), Failure> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::usage(keystore_engine::i18n::t("cli.no_tty")));
    }
    let plan_text = match &plan_path {
        Some(p) => context::read_plan_file(p)?,
        None => EXAMPLE_PLAN.to_string(),
    };
    let plan = Plan::parse(&plan_text).map_err(|e| Failure::usage(format!("plan: {e}")))?;
    let options = context::options(g);
    let is_sandbox = options.is_sandbox();
    let secrets = match Secrets::load(None, is_sandbox) {
        Ok(s) => s,
        // Against AWS without the environment variable, the kmsuser form asks for it.
        Err(_) => Secrets {
            kmsuser: keystore_engine::inputs::secrets::generate(),
            admin: None,
            kmsuser_given: false,
        },
    };
    let region = plan
        .region
        .clone()
        .or(g.region.clone())
        .unwrap_or_else(|| "(profile Region)".into());
    let (parts, dir) = context::open_parts(&options, plan, secrets).await?;
    let log_path = dir.join("keystore-wizard.log").display().to_string();
    let mut app = App::new(plan_text, is_sandbox, region, log_path);

    let (to_app, mut from_engine) = mpsc::unbounded_channel();
    let (to_engine, engine_rx) = mpsc::unbounded_channel();
    let engine = tokio::spawn(crate::tui::engine_task::serve(parts, to_app, engine_rx));

    let mut terminal = ratatui::try_init().map_err(|e| {
        Failure::usage(keystore_engine::i18n::tf("cli.terminal", &[("detail", &e)]))
    })?;
    paste_mode(true);
    let theme = Theme::from_env();
    let mut keys = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut term = signal(SignalKind::terminate()).map_err(|e| Failure::aws(e.to_string()))?;
    let mut hup = signal(SignalKind::hangup()).map_err(|e| Failure::aws(e.to_string()))?;
    let mut first_frame_logged = false;
    let code = loop {
        // Debug builds only: a deliberate panic, so tests can check the terminal is restored.
        if cfg!(debug_assertions)
            && app.ticks == 3
            && std::env::var_os("KEYSTORE_WIZARD_TEST_PANIC").is_some()
        {
            panic!("deliberate test panic (KEYSTORE_WIZARD_TEST_PANIC)");
        }
        if let Err(e) = terminal.draw(|f| ui::render(&app, &theme, f)) {
            tracing::error!(error = %e, "drawing failed");
            break ExitCode::Aws;
        }
        if !first_frame_logged {
            first_frame_logged = true;
            let ms = crate::output::logging::since_start_ms();
            tracing::info!(first_frame_ms = ms, "first frame drawn");
        }
        let msg = tokio::select! {
            Some(Ok(ev)) = keys.next() => match ev {
                TermEvent::Key(k) => Msg::KeyPressed(k),
                TermEvent::Paste(p) => Msg::Pasted(Zeroizing::new(p)),
                TermEvent::Resize(w, h) => Msg::Resized(w, h),
                _ => continue,
            },
            Some(m) = from_engine.recv() => m,
            _ = tick.tick() => Msg::Ticked,
            _ = term.recv() => Msg::Terminated,
            _ = hup.recv() => Msg::Terminated,
        };
        // Take every key already queued (a paste arrives as a burst) before drawing again.
        let mut batch = vec![msg];
        while batch.len() < 512 {
            match keys.next().now_or_never() {
                Some(Some(Ok(TermEvent::Key(k)))) => batch.push(Msg::KeyPressed(k)),
                Some(Some(Ok(TermEvent::Resize(w, h)))) => batch.push(Msg::Resized(w, h)),
                Some(Some(Ok(TermEvent::Paste(p)))) => batch.push(Msg::Pasted(Zeroizing::new(p))),
                Some(Some(Ok(_))) => {}
                _ => break,
            }
        }
        let mut quit = None;
        for msg in batch {
            for cmd in app.update(msg) {
                match cmd {
                    Command::Quit(c) => quit = quit.or(Some(c)),
                    other => {
                        let _ = to_engine.send(other);
                    }
                }
            }
        }
        if let Some(c) = quit {
            break c;
        }
    };
    paste_mode(false);
    ratatui::restore();
    engine.abort();
    match code {
        ExitCode::Ok => Ok(()),
        c => Err(Failure::silent(c)),
    }
}
