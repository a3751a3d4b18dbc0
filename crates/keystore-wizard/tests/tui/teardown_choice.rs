//! The teardown screen's choices: `o` the order, `w` the waiting period, `b` the backups, `i`
//! IAM and `r` the key-store role each make the plan again with the new choice; a key held back
//! as in use is scheduled only after its first characters are typed on its row (`a`), and `a`
//! on a confirmed key holds it back again. The screen says what the chosen order does to the
//! key material in words the screen can act on, and its table fits 80×24 and scrolls.

use crate::support::{app, key, planned, row};
use crossterm::event::KeyCode;
use keystore_engine::teardown::Order;
use keystore_engine::teardown::rows::RowState;
use keystore_wizard::tui::app::{App, Command, TeardownChoice, TeardownPhase};

const KEY: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";

fn screen(a: &App) -> String {
    crate::support::text(a, 120, 40)
}

fn plan_of(cmds: &[Command]) -> TeardownChoice {
    match cmds {
        [Command::PlanTeardown(c)] => c.clone(),
        other => panic!("expected one PlanTeardown, got {other:?}"),
    }
}

fn one_row(a: &mut App) {
    planned(
        a,
        vec![row("delete_cluster", "cluster-x", RowState::Ready, "")],
    );
}

#[test]
fn each_toggle_makes_the_plan_again_with_the_new_choice() {
    let mut a = app();
    assert_eq!(
        plan_of(&key(&mut a, KeyCode::Char('T'))),
        TeardownChoice::default()
    );
    // Nothing to toggle while it scans.
    assert!(key(&mut a, KeyCode::Char('o')).is_empty());
    one_row(&mut a);
    let s = screen(&a);
    assert!(
        s.contains("o order: stop-billing · w window: 7 days · b backups: kept"),
        "{s}"
    );
    assert!(s.contains("the key material stays in the backups"), "{s}");

    let shred = plan_of(&key(&mut a, KeyCode::Char('o')));
    assert_eq!(shred.order, Order::Shred);
    assert_eq!(
        a.teardown.as_ref().map(|t| t.phase),
        Some(TeardownPhase::Scanning)
    );
    one_row(&mut a);
    assert!(screen(&a).contains("stays CONNECTED"), "{}", screen(&a));

    let c = plan_of(&key(&mut a, KeyCode::Char('w')));
    assert_eq!((c.order, c.window_days), (Order::Shred, 14));
    one_row(&mut a);
    let c = plan_of(&key(&mut a, KeyCode::Char('w')));
    assert_eq!(c.window_days, 30);
    one_row(&mut a);
    assert_eq!(plan_of(&key(&mut a, KeyCode::Char('w'))).window_days, 7);
    one_row(&mut a);

    let c = plan_of(&key(&mut a, KeyCode::Char('b')));
    assert!(c.delete_backups && !c.delete_iam && !c.delete_key_store_role);
    one_row(&mut a);
    let c = plan_of(&key(&mut a, KeyCode::Char('i')));
    assert!(c.delete_iam && c.delete_backups);
    one_row(&mut a);
    let c = plan_of(&key(&mut a, KeyCode::Char('r')));
    assert!(c.delete_key_store_role && c.delete_iam);
    one_row(&mut a);
    key(&mut a, KeyCode::Char('o'));
    one_row(&mut a);
    let s = screen(&a);
    assert!(
        s.contains(
            "o order: stop-billing · w window: 7 days · b backups: deleted · i IAM: deleted"
        ),
        "{s}"
    );
    assert!(s.contains("the backups go"), "{s}");
    assert!(!s.contains("--delete-backups"), "{s}");
}

fn in_use_key() -> keystore_engine::teardown::rows::Row {
    let mut r = row(
        "schedule_key_deletion",
        KEY,
        RowState::Blocked,
        "not scheduled: held through grants by rds.amazonaws.com (Decrypt)",
    );
    r.radius = Some("aliases: alias/orders · grants: rds.amazonaws.com (Decrypt)".into());
    r.confirmable = Some(KEY.into());
    r
}

#[test]
fn a_key_in_use_is_scheduled_only_after_its_first_characters_are_typed() {
    let mut a = app();
    key(&mut a, KeyCode::Char('T'));
    planned(
        &mut a,
        vec![
            row("delete_cluster", "cluster-x", RowState::Ready, ""),
            in_use_key(),
        ],
    );
    // `a` on a row that is not a held-back key does nothing.
    assert!(key(&mut a, KeyCode::Char('a')).is_empty());
    key(&mut a, KeyCode::Down);
    let s = screen(&a);
    assert!(s.contains("rds.amazonaws.com"), "the grantee is named: {s}");
    assert!(s.contains("a: schedule 1234abcd"), "{s}");
    assert!(key(&mut a, KeyCode::Char('a')).is_empty(), "asks first");
    assert_eq!(
        a.teardown.as_ref().map(|t| t.phase),
        Some(TeardownPhase::ConfirmingKey)
    );
    assert!(screen(&a).contains("Type 1234abcd"), "{}", screen(&a));
    // A wrong prefix holds it back and says so.
    for c in "1234abce".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert!(screen(&a).contains("stays held back"), "{}", screen(&a));
    // Esc cancels without a plan.
    key(&mut a, KeyCode::Char('a'));
    assert!(key(&mut a, KeyCode::Esc).is_empty());
    key(&mut a, KeyCode::Char('a'));
    for c in "1234abcd".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let c = plan_of(&key(&mut a, KeyCode::Enter));
    assert_eq!(c.include, vec![KEY.to_string()]);

    // Confirmed, the key is ready; `a` on it holds it back again.
    let mut ready = row("schedule_key_deletion", KEY, RowState::Ready, "");
    ready.radius = in_use_key().radius;
    planned(
        &mut a,
        vec![
            row("delete_cluster", "cluster-x", RowState::Ready, ""),
            ready,
        ],
    );
    assert!(screen(&a).contains("a: hold 1234abcd"), "{}", screen(&a));
    let c = plan_of(&key(&mut a, KeyCode::Char('a')));
    assert!(c.include.is_empty());
}

#[test]
fn the_table_fits_80x24_and_keeps_the_selected_row_in_view() {
    let mut a = app();
    key(&mut a, KeyCode::Char('T'));
    let rows = (0..30)
        .map(|i| {
            row(
                "delete_backup",
                &format!("backup-{i:02}"),
                RowState::Ready,
                "",
            )
        })
        .collect();
    planned(&mut a, rows);
    let top = crate::support::text(&a, 80, 24);
    assert!(
        top.contains("backup-00") && !top.contains("backup-29"),
        "{top}"
    );
    for _ in 0..29 {
        key(&mut a, KeyCode::Down);
    }
    let bottom = crate::support::text(&a, 80, 24);
    assert!(bottom.contains("backup-29"), "{bottom}");
    assert!(bottom.contains("row 30 of 30"), "{bottom}");
    assert!(!bottom.contains("backup-00"), "{bottom}");
    // Every line of the screen fits the terminal's width.
    assert!(
        bottom
            .lines()
            .all(|l| keystore_engine::i18n::width(l) <= 80)
    );
    // Tab shows the notes, then the inventory, then the plan again.
    key(&mut a, KeyCode::Tab);
    assert!(crate::support::text(&a, 80, 24).contains("The key material stays"));
    key(&mut a, KeyCode::Tab);
    assert!(crate::support::text(&a, 80, 24).contains("32 Region(s)"));
    key(&mut a, KeyCode::Tab);
    assert!(crate::support::text(&a, 80, 24).contains("backup-29"));
}

/// The state column of a waiting row is the day it waits for, in either language (it was cut
/// out of the translated sentence, which lost the date in Japanese).
#[test]
fn a_waiting_row_shows_its_day_in_japanese_too() {
    keystore_engine::i18n::with_lang(keystore_engine::i18n::Lang::Ja, || {
        let mut a = app();
        key(&mut a, KeyCode::Char('T'));
        let mut r = row("delete_key_store", "cks-1", RowState::Waits, "");
        r.state_text = keystore_engine::i18n::tf("rep.waits_until", &[("date", &"2026-12-09")]);
        planned(&mut a, vec![r]);
        let s = crate::support::text(&a, 80, 24);
        assert!(s.contains("≥2026-12-09"), "{s}");
    });
}
