//! Every user-facing string of the TUI, one module per language, so a translation is a file.
//! Codes, ids and AWS names (roles, operations, error codes) are never translated.

pub mod en;

/// The strings of one language.
pub struct Strings {
    pub app_name: &'static str,
    pub sandbox_banner: &'static str,
    pub connecting: &'static str,
    pub aws_banner: &'static str,
    pub account: &'static str,
    pub stages: &'static str,
    pub inputs: &'static str,
    pub actions: &'static str,
    pub calls: &'static str,
    pub no_calls: &'static str,
    pub slr_panel: &'static str,
    pub slr_trusts: &'static str,
    pub slr_policy: &'static str,
    pub slr_will_create: &'static str,
    pub slr_created_now: &'static str,
    pub slr_existed: &'static str,
    pub slr_absent: &'static str,
    pub slr_unknown: &'static str,
    pub slr_not_applicable: &'static str,
    pub slr_none: &'static str,
    pub waiting_for: &'static str,
    pub typical: &'static str,
    pub elapsed: &'static str,
    pub cost_note: &'static str,
    pub operator_title: &'static str,
    pub operator_sandbox: &'static str,
    pub operator_you: &'static str,
    pub error_title: &'static str,
    pub fix: &'static str,
    pub request_id: &'static str,
    pub connect_failed: &'static str,
    pub connect_actions: &'static str,
    pub status_pending: &'static str,
    pub status_running: &'static str,
    pub status_done: &'static str,
    pub status_failed: &'static str,
    pub status_operator: &'static str,
    pub footer: &'static str,
    pub footer_form: &'static str,
    pub help_title: &'static str,
    pub help: &'static [(&'static str, &'static str)],
    pub quit_title: &'static str,
    pub quit_body: &'static str,
    pub stopping: &'static str,
    pub suspend_ignored: &'static str,
    pub paste_ignored: &'static str,
    pub too_small: &'static str,
    pub all_done: &'static str,
    pub cli_title: &'static str,
    pub log_file: &'static str,
    pub resume_offer: &'static str,
    pub confirm_mismatch: &'static str,
    pub created_resources: &'static str,
    pub picker_title: &'static str,
    pub picker_loading: &'static str,
    pub picker_hint: &'static str,
    pub teardown_title: &'static str,
    pub teardown_scanning: &'static str,
    pub teardown_plan: &'static str,
    pub teardown_hint: &'static str,
    pub teardown_nothing: &'static str,
    pub teardown_prompt: &'static str,
    pub teardown_mismatch: &'static str,
    pub teardown_refused: &'static str,
    pub teardown_running: &'static str,
    pub teardown_results: &'static str,
    pub teardown_remaining: &'static str,
}

/// Localized texts of the stages, by stage id.
pub struct StageText {
    pub title: &'static str,
    pub about: &'static str,
    /// What AWS typically takes for this stage's wait, if it waits.
    pub typical_wait: Option<&'static str>,
}

pub fn strings() -> &'static Strings {
    &en::STRINGS
}

pub fn stage(id: &str) -> StageText {
    en::stage(id)
}
