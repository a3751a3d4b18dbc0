//! The teardown screen's toggles: `o` switches the order (stop billing now ↔ shred) and `b`
//! whether backups go; each makes the plan again with the new choice, and the screen says what
//! the chosen order does to the key material — in words the screen can act on, not CLI flags.

use crate::support::{app, key};
use crossterm::event::KeyCode;
use keystore_engine::teardown::Order;
use keystore_wizard::tui::app::{Command, Msg, TeardownChoice, TeardownPhase};

fn planned(a: &mut keystore_wizard::tui::app::App) {
    a.update(Msg::TeardownPlanned {
        account: "123456789012".into(),
        inventory: vec!["us-east-1:".into()],
        steps: vec![("us-east-1 delete_cluster cluster-x [ready]".into(), true)],
        ready: 1,
    });
}

fn screen(a: &keystore_wizard::tui::app::App) -> String {
    crate::support::text(a, 120, 40)
}

#[test]
fn o_and_b_make_the_plan_again_with_the_new_choice() {
    let mut a = app();
    assert!(matches!(
        key(&mut a, KeyCode::Char('T')).as_slice(),
        [Command::PlanTeardown(c)] if *c == TeardownChoice::default()
    ));
    // Nothing to toggle while it scans.
    assert!(key(&mut a, KeyCode::Char('o')).is_empty());
    planned(&mut a);
    let s = screen(&a);
    assert!(s.contains("o order: stop-billing · b backups: kept"), "{s}");
    assert!(
        s.contains("restoring one") && !s.contains("--delete-backups"),
        "{s}"
    );

    let cmds = key(&mut a, KeyCode::Char('o'));
    let shred = TeardownChoice {
        order: Order::Shred,
        delete_backups: false,
    };
    assert!(
        matches!(cmds.as_slice(), [Command::PlanTeardown(c)] if *c == shred),
        "{cmds:?}"
    );
    assert_eq!(
        a.teardown.as_ref().map(|t| t.phase),
        Some(TeardownPhase::Scanning)
    );
    planned(&mut a);
    let s = screen(&a);
    assert!(s.contains("o order: shred"), "{s}");
    assert!(s.contains("stays CONNECTED"), "{s}");

    let cmds = key(&mut a, KeyCode::Char('b'));
    assert!(
        matches!(cmds.as_slice(), [Command::PlanTeardown(c)] if c.delete_backups && c.order == Order::Shred),
        "{cmds:?}"
    );
    planned(&mut a);
    key(&mut a, KeyCode::Char('o'));
    planned(&mut a);
    let s = screen(&a);
    assert!(
        s.contains("o order: stop-billing · b backups: deleted"),
        "{s}"
    );
    assert!(s.contains("backups deleted"), "{s}");
}
