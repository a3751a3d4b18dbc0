//! README's exit-code table lists exactly the codes of `ExitCode`, in order: a code added to
//! the enum without a row (or a row for a code that does not exist) fails here.

use keystore_engine::exit::ExitCode;

#[test]
fn the_readme_exit_code_table_is_the_exit_code_enum() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let section = readme
        .split("### Exit codes")
        .nth(1)
        .expect("an exit-code section")
        .split("\n#")
        .next()
        .unwrap_or_default();
    let documented: Vec<i32> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let codes: Vec<i32> = ExitCode::ALL.iter().map(|c| c.code()).collect();
    assert_eq!(documented, codes);
}
