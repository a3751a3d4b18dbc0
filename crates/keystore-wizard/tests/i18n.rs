//! Issue 9: both languages have every text. The UI strings are a struct (a language missing a
//! field does not compile); these tests check the rest — the catalog's keys and placeholders
//! match, every key the code uses exists, Japanese is really Japanese, the locale decides the
//! language, and the headless output follows it while JSON stays language-neutral.

use keystore_engine::i18n::{self, Lang, detect, en, ja};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn placeholders(s: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"\{([a-z_]+)\}").expect("regex");
    re.captures_iter(s).map(|c| c[1].to_string()).collect()
}

fn catalog(parts: &[&[(&'static str, &'static str)]]) -> BTreeMap<&'static str, &'static str> {
    let map: BTreeMap<_, _> = parts.iter().flat_map(|p| p.iter().copied()).collect();
    let n: usize = parts.iter().map(|p| p.len()).sum();
    assert_eq!(map.len(), n, "a key is listed twice");
    map
}

#[test]
fn both_catalogs_have_the_same_keys_and_placeholders() {
    let (en, ja) = (catalog(en::TEXT), catalog(ja::TEXT));
    let missing: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
    let extra: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "missing in Japanese: {missing:?}");
    assert!(extra.is_empty(), "only in Japanese: {extra:?}");
    for (k, e) in &en {
        let j = ja[k];
        assert_eq!(placeholders(e), placeholders(j), "{k}");
        assert_eq!(e.is_empty(), j.is_empty(), "{k}");
        assert_eq!(
            e.lines().count(),
            j.lines().count(),
            "{k}: one fix step per line"
        );
        if !j.is_empty() {
            assert!(!j.is_ascii(), "{k} is not translated: {j}");
        }
    }
}

#[test]
fn every_key_the_code_uses_exists() {
    let en = catalog(en::TEXT);
    let direct = regex::Regex::new(r#"\b(?:t|tf|lines)\(\s*"([a-z_]+\.[^"]+)""#).expect("re");
    let keyed = regex::Regex::new(r#"keyed\(\s*"[^"]+",\s*"([^"]+)""#).expect("re");
    let mut used = BTreeSet::new();
    // Every crate of the workspace: the engine and the program both use the catalog.
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut stack: Vec<_> = std::fs::read_dir(&crates)
        .expect("crates")
        .map(|e| e.expect("entry").path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                for c in direct.captures_iter(&text) {
                    used.insert(c[1].to_string());
                }
                for c in keyed.captures_iter(&text) {
                    used.insert(format!("err.{}", &c[1]));
                    used.insert(format!("fix.{}", &c[1]));
                }
            }
        }
    }
    for code in keystore_engine::connect_codes::ALL
        .iter()
        .chain(["UNKNOWN"].iter())
    {
        used.insert(format!("connect.{code}"));
        used.insert(format!("connect.{code}.fix"));
    }
    assert!(used.len() > 150, "the scan found only {} keys", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|k| !en.contains_key(k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "used but not in the catalog: {missing:?}"
    );
}

/// `field: "value"` pairs of a Strings' Debug form.
fn fields(s: &i18n::Strings) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"(\w+): "((?:[^"\\]|\\.)*)""#).expect("re");
    re.captures_iter(&format!("{s:?}"))
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

#[test]
fn every_ui_string_and_stage_text_is_japanese_in_japanese() {
    let (en, ja) = (fields(&en::STRINGS), fields(&ja::STRINGS));
    assert_eq!(en.len(), ja.len());
    assert!(en.len() > 60, "{}", en.len());
    for ((k, e), (_, j)) in en.iter().zip(ja.iter()) {
        if matches!(k.as_str(), "app_name" | "aws_banner") {
            assert_eq!(e, j, "{k} is a name");
            continue;
        }
        assert!(!j.is_ascii(), "{k} is not translated: {j}");
    }
    for (key, text) in ja::STRINGS.help {
        assert!(!text.is_ascii(), "help {key}: {text}");
    }
    for s in keystore_engine::stages::ORDER.iter() {
        let j = ja::stage(s.id);
        let e = en::stage(s.id);
        assert!(!j.about.is_ascii() && j.about != e.about, "{}", s.id);
        assert_eq!(
            j.typical_wait.is_some(),
            e.typical_wait.is_some(),
            "{}",
            s.id
        );
        // kmsuser is a user name and stays as it is.
        assert!(
            s.id.as_str() == "kmsuser" || !j.title.is_ascii(),
            "{}",
            s.id
        );
    }
}

#[test]
fn the_flag_then_the_locale_decides_the_language() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(detect(None, env(&[])), Lang::En);
    assert_eq!(detect(None, env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
    assert_eq!(
        detect(None, env(&[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")])),
        Lang::En
    );
    assert_eq!(
        detect(None, env(&[("LC_MESSAGES", "ja"), ("LANG", "en_US.UTF-8")])),
        Lang::Ja
    );
    assert_eq!(
        detect(None, env(&[("LC_ALL", ""), ("LANG", "ja_JP")])),
        Lang::Ja
    );
    assert_eq!(detect(None, env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
    assert_eq!(
        detect(Some(Lang::En), env(&[("LC_ALL", "ja_JP.UTF-8")])),
        Lang::En
    );
    assert_eq!(detect(Some(Lang::Ja), env(&[])), Lang::Ja);
    assert_eq!(Lang::parse("JA"), Some(Lang::Ja));
    assert_eq!(Lang::parse("de"), None);
}

fn setup(args: &[&str], lang_env: &str) -> String {
    let state = tempfile::tempdir().expect("state");
    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args([
            "setup",
            "--sandbox",
            "--plan",
            "../../assets/example-plan.toml",
            "--yes",
        ])
        .args(["--until", "cluster", "--state-dir"])
        .arg(state.path())
        .args(args)
        .env("LANG", lang_env)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("XDG_CONFIG_HOME", state.path())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn headless_text_follows_the_locale_and_json_stays_neutral() {
    let ja = setup(&[], "ja_JP.UTF-8");
    // What was created is listed in the closing summary (issue 17), in the operator's language.
    assert!(ja.contains("まとめ: 作成 "), "{ja}");
    assert!(
        ja.contains("サービスにリンクされたロール AWSServiceRoleForCloudHSM"),
        "{ja}"
    );
    let en = setup(&["--lang", "en"], "ja_JP.UTF-8");
    assert!(
        en.contains("service-linked role AWSServiceRoleForCloudHSM") && en.is_ascii(),
        "{en}"
    );
    let json = setup(&["--output", "json", "--lang", "ja"], "ja_JP.UTF-8");
    assert!(json.lines().all(|l| l.starts_with('{')), "{json}");
    assert!(
        json.is_ascii(),
        "JSON carries codes and English, never the locale: {json}"
    );
}
