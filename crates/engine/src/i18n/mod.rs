//! Every user-facing string of the TUI and the headless text output, one module per language,
//! so a translation is a file. Codes, ids and AWS names (roles, operations, error codes) are
//! never translated, and the JSON output carries codes, not sentences from here.
//!
//! Two kinds of text: [`Strings`] (fixed UI texts: a struct, so a language missing one does
//! not compile) and the catalog [`t`]/[`tf`] (keyed templates with `{name}` placeholders for
//! messages with values in them; a test checks both languages have the same keys and the same
//! placeholders). The language is chosen once at start ([`set_lang`]: `--lang`, else the
//! locale, else English); tests pin one per thread with [`with_lang`].

pub mod en;
mod en_d2;
mod en_td;
mod en_text;
pub mod ja;
mod ja_d2;
mod ja_td;
mod ja_text;
mod text;

use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};

pub use text::{ellipsize, pad, width};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ja,
}

static GLOBAL: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static PINNED: Cell<Option<Lang>> = const { Cell::new(None) };
}

impl Lang {
    /// `en` or `ja` (as `--lang` takes them).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Self::En),
            "ja" => Some(Self::Ja),
            _ => None,
        }
    }
}

/// The language of the process (set once at start, before any thread reads it).
pub fn set_lang(l: Lang) {
    GLOBAL.store(l as u8, Ordering::Relaxed);
}

/// The language in effect: this thread's pinned one (tests), else the process's.
pub fn lang() -> Lang {
    PINNED
        .with(|p| p.get())
        .unwrap_or_else(|| match GLOBAL.load(Ordering::Relaxed) {
            1 => Lang::Ja,
            _ => Lang::En,
        })
}

/// Runs `f` with this thread's language pinned to `l` (tests render both languages at once).
pub fn with_lang<R>(l: Lang, f: impl FnOnce() -> R) -> R {
    let before = PINNED.with(|p| p.replace(Some(l)));
    let out = f();
    PINNED.with(|p| p.set(before));
    out
}

/// `--lang` when given; else the first set of `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX order):
/// a value starting `ja` means Japanese; anything else, or nothing, English.
pub fn detect(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(l) = flag {
        return l;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| env(k).filter(|v| !v.is_empty()));
    match locale {
        Some(v) if v.to_ascii_lowercase().starts_with("ja") => Lang::Ja,
        _ => Lang::En,
    }
}

fn catalog(l: Lang) -> &'static [&'static [(&'static str, &'static str)]] {
    match l {
        Lang::En => en::TEXT,
        Lang::Ja => ja::TEXT,
    }
}

/// The catalog text of `key` in the current language (English if missing, the key if unknown).
pub fn t(key: &str) -> &'static str {
    let find = |l| {
        catalog(l)
            .iter()
            .flat_map(|part| part.iter())
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    };
    find(lang()).or_else(|| find(Lang::En)).unwrap_or("")
}

/// [`t`] with `{name}` placeholders filled in.
pub fn tf(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = t(key).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// A wait's description (`Event::Waiting.what`, English in events and JSON) in the current
/// language: the catalog's `wait.<phrase>` if it has one, else the phrase as it is.
pub fn phrase(what: &str) -> String {
    lookup("wait", what)
}

/// An English text that also travels as data (a plan rule, a wait) in the current language:
/// the catalog's `<prefix>.<english>` if it has one, else the English as it is.
pub fn lookup(prefix: &str, english: &str) -> String {
    match t(&format!("{prefix}.{english}")) {
        "" => english.to_string(),
        found => found.to_string(),
    }
}

/// The lines of a multi-line catalog text (fix steps are stored one per line).
pub fn lines(key: &str) -> Vec<String> {
    t(key).lines().map(str::to_string).collect()
}

/// The strings of one language (Debug lets the tests compare the languages field by field).
#[derive(Debug)]
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
    pub client_cost_note: &'static str,
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
    pub last_poll: &'static str,
    pub not_found: &'static str,
    pub non_fips_title: &'static str,
    pub non_fips_body: &'static str,
    pub non_fips_cancelled: &'static str,
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

type StageRow = (&'static str, &'static str, Option<&'static str>);

impl From<StageRow> for StageText {
    fn from((title, about, typical_wait): StageRow) -> Self {
        Self {
            title,
            about,
            typical_wait,
        }
    }
}

pub fn strings() -> &'static Strings {
    match lang() {
        Lang::En => &en::STRINGS,
        Lang::Ja => &ja::STRINGS,
    }
}

pub fn stage(id: crate::stages::StageId) -> StageText {
    match lang() {
        Lang::En => en::stage(id),
        Lang::Ja => ja::stage(id),
    }
}
