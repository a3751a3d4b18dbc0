//! Every screen in Japanese (issue 9): insta snapshots at 80×24 and 120×40 with the language
//! pinned to this test's thread, and the layout rules for double-width text — the right border
//! stays in the last column on every row, and a cut line ends with an ellipsis, never half a
//! character. AWS names (roles, operations, codes) stay as they are.

use crate::support::{app, connect_failed, draw, ev, key, stage_in, through};
use crossterm::event::KeyCode;
use keystore_engine::connect_codes;
use keystore_engine::i18n::{self, Lang, with_lang};
use keystore_engine::run::events::Event;
use keystore_engine::stages::ORDER;
use keystore_wizard::tui::app::{App, Msg, StageResult};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshots `a` at both sizes, and checks the frame's geometry at each.
fn shoot(name: &str, a: &App) {
    for (w, h) in SIZES {
        let t = draw(a, w, h);
        insta::assert_snapshot!(format!("ja_{name}_{w}x{h}"), t.backend());
        check_layout(&t, w, h);
    }
}

/// No row is wider than the terminal, and where the content pane has a right border it is in
/// the last column: a double-width character never pushes it out or leaves half a cell.
fn check_layout(t: &ratatui::Terminal<ratatui::backend::TestBackend>, w: u16, h: u16) {
    let buf = t.backend().buffer();
    for y in 0..h {
        let mut cells = 0usize;
        let mut x = 0u16;
        while x < w {
            let sym = buf[(x, y)].symbol();
            let cw = i18n::width(sym).max(1);
            cells += cw;
            x += cw as u16;
        }
        assert_eq!(
            cells, w as usize,
            "row {y} is {cells} cells wide at {w}×{h}"
        );
    }
    // The body rows (between header and footer) end with the content pane's border unless an
    // overlay covers them.
    for y in 2..h - 2 {
        let last = buf[(w - 1, y)].symbol();
        assert!(
            last == "│" || last == "┐" || last == "┘" || last == " ",
            "row {y} ends with {last:?} at {w}×{h}"
        );
    }
}

fn ja(f: impl FnOnce()) {
    with_lang(Lang::Ja, f)
}

#[test]
fn every_stage_screen_in_every_state_in_japanese() {
    ja(|| {
        for stage in ORDER.iter() {
            for state in ["pending", "running", "done", "failed"] {
                shoot(
                    &format!("stage_{}_{state}", stage.id),
                    &stage_in(stage.id.as_str(), state),
                );
            }
        }
        // Stage titles and texts are Japanese; AWS names are not translated.
        let text = format!(
            "{}",
            draw(&stage_in("cluster", "pending"), 120, 40).backend()
        );
        assert!(
            text.contains("クラスター") && text.contains("サービスにリンクされたロール"),
            "{text}"
        );
        assert!(text.contains("AWSServiceRoleForCloudHSM"), "{text}");
    });
}

#[test]
fn the_connect_failure_screen_for_each_code_in_japanese() {
    ja(|| {
        for code in connect_codes::ALL {
            let a = connect_failed(code);
            shoot(&format!("connect_failed_{code}"), &a);
            let text = format!("{}", draw(&a, 120, 40).backend());
            assert!(
                text.contains(code) && text.contains("キーストアの接続に失敗しました"),
                "{text}"
            );
        }
    });
}

#[test]
fn operator_help_quit_teardown_picker_and_form_in_japanese() {
    ja(|| {
        let mut a = app();
        through(&mut a, "activate");
        key(&mut a, KeyCode::Enter);
        ev(
            &mut a,
            Event::OperatorAction {
                stage: "activate".into(),
                commands: vec!["aws-cloudhsm > cluster activate".into()],
                performed_by: "operator".into(),
            },
        );
        a.update(Msg::StageEnded {
            stage: "activate".into(),
            result: StageResult::OperatorNeeded,
        });
        shoot("operator_activate", &a);

        let mut a = app();
        key(&mut a, KeyCode::Char('?'));
        shoot("help", &a);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('q'));
        shoot("quit", &a);
        insta::assert_snapshot!("ja_too_small_40x10", draw(&app(), 40, 10).backend());

        let mut a = app();
        key(&mut a, KeyCode::Char('T'));
        let mut ready = crate::support::row(
            "delete_cluster",
            "cluster-abc",
            keystore_engine::teardown::rows::RowState::Ready,
            "",
        );
        ready.state_text = i18n::t("rep.ready").into();
        crate::support::planned(&mut a, vec![ready]);
        shoot("teardown_planned", &a);
        key(&mut a, KeyCode::Char('x'));
        shoot("teardown_confirming", &a);

        let mut a = app();
        through(&mut a, "kmsuser");
        key(&mut a, KeyCode::Char('e'));
        for c in "Secret12".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        shoot("form_kmsuser", &a);
        let text = format!("{}", draw(&a, 120, 40).backend());
        assert!(
            text.contains("kmsuser パスワード") && !text.contains("Secret12"),
            "{text}"
        );

        let mut a = app();
        through(&mut a, "network");
        key(&mut a, KeyCode::Char('e'));
        a.update(Msg::SubnetsLoaded(Ok(vec![
            keystore_engine::cloud::types::Subnet {
                id: "subnet-0000000000000000a".into(),
                vpc_id: "vpc-0123456789abcdef0".into(),
                az: "us-east-1a".into(),
                cidr: "10.42.0.0/24".into(),
                free_ips: 250,
            },
        ])));
        shoot("subnet_picker", &a);
    });
}

#[test]
fn a_long_japanese_title_in_the_narrow_rail_ends_with_an_ellipsis() {
    ja(|| {
        let a = stage_in("first_key", "pending");
        let t = draw(&a, 80, 24);
        let text = format!("{}", t.backend());
        // At 80 columns the rail is 19 cells: "最初の KMS キー" (15 cells) does not fit after
        // the mark and number, so it is cut with "…" at a character boundary.
        assert!(
            text.contains("最初の KMS…") || text.contains("最初の KMS キー"),
            "{text}"
        );
        assert!(text.contains('…'), "{text}");
    });
}
