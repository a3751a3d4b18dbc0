//! Day two on the TUI: `P`, `U` and `R` ask first (what the operation does to the account, in
//! the operator's language), send the operation only on `y`, and say how it ended; before the
//! setup has run to its end they do nothing.

use crate::support::{app, key, through};
use crossterm::event::KeyCode;
use keystore_engine::daytwo::Op;
use keystore_wizard::tui::app::{Command, Msg};

fn screen(a: &keystore_wizard::tui::app::App) -> String {
    crate::support::text(a, 80, 24)
}

#[test]
fn park_asks_first_and_runs_only_on_y() {
    let mut a = app();
    assert!(
        key(&mut a, KeyCode::Char('P')).is_empty(),
        "not before the setup ran"
    );
    assert!(!screen(&a).contains("Press y to park"));
    through(&mut a, "");
    assert!(key(&mut a, KeyCode::Char('P')).is_empty());
    let s = screen(&a);
    assert!(s.contains("Press y to park"), "{s}");
    assert!(
        key(&mut a, KeyCode::Char('n')).is_empty(),
        "any other key cancels"
    );
    assert!(!screen(&a).contains("Press y to park"));
    key(&mut a, KeyCode::Char('P'));
    let cmds = key(&mut a, KeyCode::Char('y'));
    assert!(
        matches!(cmds.as_slice(), [Command::DayTwo(Op::Park, _)]),
        "{cmds:?}"
    );
    a.update(Msg::DayTwoEnded {
        op: Op::Park,
        error: None,
    });
    assert!(screen(&a).contains("park: done"), "{}", screen(&a));
    key(&mut a, KeyCode::Char('U'));
    assert!(matches!(
        key(&mut a, KeyCode::Char('y')).as_slice(),
        [Command::DayTwo(Op::Unpark, _)]
    ));
    a.update(Msg::DayTwoEnded {
        op: Op::Unpark,
        error: Some("NotParked: cluster-x is not parked".into()),
    });
    assert!(
        screen(&a).contains("unpark failed: NotParked"),
        "{}",
        screen(&a)
    );
}

#[test]
fn the_question_is_asked_in_japanese_too() {
    keystore_engine::i18n::with_lang(keystore_engine::i18n::Lang::Ja, || {
        let mut a = app();
        through(&mut a, "");
        key(&mut a, KeyCode::Char('R'));
        let s = crate::support::text(&a, 120, 40);
        // Wide characters are drawn one cell apart in the test text.
        let flat: String = s.chars().filter(|c| *c != ' ').collect();
        assert!(flat.contains("repairするにはyを"), "{s}");
    });
}

#[test]
fn restore_reads_the_backups_then_offers_the_newest_and_sends_it_on_y() {
    let mut a = app();
    through(&mut a, "");
    let cmds = key(&mut a, KeyCode::Char('B'));
    assert!(
        matches!(cmds.as_slice(), [Command::LoadBackups]),
        "{cmds:?}"
    );
    a.update(Msg::BackupsLoaded(Ok(vec![])));
    assert!(screen(&a).contains("no READY backup"), "{}", screen(&a));
    key(&mut a, KeyCode::Char('B'));
    a.update(Msg::BackupsLoaded(Ok(vec![
        ("backup-newestnewest".into(), 1_796_000_000),
        ("backup-olderolderol".into(), 1_795_000_000),
    ])));
    let s = crate::support::text(&a, 120, 40);
    assert!(s.contains("backup-newestnewest"), "{s}");
    let cmds = key(&mut a, KeyCode::Char('y'));
    match cmds.as_slice() {
        [Command::DayTwo(Op::Restore, args)] => {
            assert_eq!(args.backup.as_deref(), Some("backup-newestnewest"));
        }
        other => panic!("expected a restore, got {other:?}"),
    }
    assert_eq!(a.restore_from, None, "the choice is used once");
}
