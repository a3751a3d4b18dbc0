//! What `AWS-RunShellScript` does on a simulated client host: the handful of shell lines a
//! client preparation uses, run in order with `set -e` semantics (the first failure stops the
//! script, with the exit status and message the real tool prints). The network decides whether
//! the package downloads and installs (`keystore_facts::reach`); `configure-cli` records the HSM
//! addresses; `cloudhsm-cli user list` answers from the simulated HSMs through the CLI stand-in,
//! after checking the CA file matches the cluster's trust anchor. Any other line is "command
//! not found". Must not depend on the wire layer.

use crate::hosts::CLI_RELEASE;
use crate::model::World;
use keystore_facts::reach::{self, Missing};

/// The result of one script: exit status, standard output and standard error.
pub struct Ran {
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
}

const CA_PATH: &str = "/opt/cloudhsm/etc/customerCA.crt";

/// Runs `commands` on instance `id` in `region`.
pub fn run(w: &mut World, region: &str, id: &str, commands: &[String]) -> Ran {
    let mut out = Ran {
        exit_code: 0,
        stdout: String::new(),
        stderr: String::new(),
    };
    let lines: Vec<String> = commands
        .iter()
        .flat_map(|c| c.lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for (n, line) in lines.iter().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line == "set -euo pipefail" {
            continue;
        }
        match step(w, region, id, line) {
            Ok(text) => out.stdout.push_str(&text),
            Err((code, message)) => {
                out.exit_code = code;
                out.stderr = if code == 127 {
                    format!("bash: line {}: {message}\n", n + 1)
                } else {
                    format!("{message}\n")
                };
                break;
            }
        }
    }
    out
}

type Step = Result<String, (i32, String)>;

fn step(w: &mut World, region: &str, id: &str, line: &str) -> Step {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(r) = w.regions.get(region) else {
        return Err((1, "no such Region".into()));
    };
    let Some(instance) = r.instances.get(id).cloned() else {
        return Err((1, "no such instance".into()));
    };
    let network = crate::ec2::routes::network_of(r, region, &instance);
    let missing = reach::package_missing(&network);
    let host = &instance.host;
    let installed = host.cli_version.is_some();
    let mut new_host = host.clone();
    let text = match words.as_slice() {
        ["curl", .., "-o", path, url] => {
            if url.contains("s3.amazonaws.com") && !missing.is_empty() {
                return Err((28, "curl: (28) Failed to connect to s3.amazonaws.com port 443 after 130002 ms: Connection timed out".into()));
            }
            new_host.downloaded.push(path.to_string());
            String::new()
        }
        ["sudo", "dnf" | "yum", "install", "-y", path] => {
            if !host.downloaded.iter().any(|d| d == path) {
                return Err((1, format!("Error: Unable to find a match: {path}")));
            }
            if missing.contains(&Missing::S3Gateway) {
                return Err((1, "Error: Failed to download metadata for repo 'amazonlinux': Cannot download repomd.xml: Curl error (28): Timeout was reached".into()));
            }
            new_host.cli_version = Some(CLI_RELEASE.into());
            format!("Installed:\n  cloudhsm-cli-{CLI_RELEASE}-1.amzn2023.x86_64\nComplete!\n")
        }
        ["rpm", "-q", "cloudhsm-cli"] => match &host.cli_version {
            Some(v) => format!("cloudhsm-cli-{v}-1.amzn2023.x86_64\n"),
            None => return Err((1, "package cloudhsm-cli is not installed".into())),
        },
        [
            "echo",
            b64,
            "|",
            "base64",
            "-d",
            "|",
            "sudo",
            "tee",
            path,
            ">",
            "/dev/null",
        ] if *path == CA_PATH => {
            if !installed {
                return Err((1, format!("tee: {CA_PATH}: No such file or directory")));
            }
            use base64::Engine;
            let pem = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or((1, "base64: invalid input".to_string()))?;
            new_host.ca_pem = Some(pem);
            String::new()
        }
        ["sudo", "/opt/cloudhsm/bin/configure-cli", "-a", ips @ ..] => {
            if !installed {
                return Err((
                    1,
                    "sudo: /opt/cloudhsm/bin/configure-cli: command not found".into(),
                ));
            }
            if ips.is_empty() {
                return Err((
                    1,
                    "error: a value is required for '--hsm-ip-addresses <HSM_IP_ADDRESSES>...'"
                        .into(),
                ));
            }
            new_host.cli_addresses = ips.iter().map(|s| s.to_string()).collect();
            String::new()
        }
        ["/opt/cloudhsm/bin/cloudhsm-cli", "user", "list"] => {
            if !installed {
                return Err((
                    127,
                    "/opt/cloudhsm/bin/cloudhsm-cli: No such file or directory".into(),
                ));
            }
            return user_list(w, region, &instance.host);
        }
        _ => {
            return Err((
                127,
                format!("{}: command not found", words.first().unwrap_or(&"")),
            ));
        }
    };
    if let Some(i) = w
        .regions
        .get_mut(region)
        .and_then(|r| r.instances.get_mut(id))
    {
        i.host = new_host;
    }
    Ok(text)
}

/// `cloudhsm-cli user list` on a configured host: the cluster its addresses name.
fn user_list(w: &mut World, region: &str, host: &crate::hosts::Host) -> Step {
    let cluster = w.regions.get(region).and_then(|r| {
        r.clusters.values().find(|c| {
            c.state != "DELETED"
                && c.hsms
                    .values()
                    .any(|h| h.state == "ACTIVE" && host.cli_addresses.contains(&h.ip))
        })
    });
    let Some(c) = cluster else {
        return Err((1, "{\"error_code\": 1, \"data\": \"Failed to connect to any HSM in the cluster: check configure-cli -a\"}".into()));
    };
    let anchor = c.trust_anchor.as_deref().map(str::trim);
    if anchor.is_none() || anchor != host.ca_pem.as_deref().map(str::trim) {
        return Err((
            1,
            format!(
                "{{\"error_code\": 1, \"data\": \"TLS handshake with the HSM failed: {CA_PATH} is not the certificate that signed the cluster\"}}"
            ),
        ));
    }
    let id = c.id.clone();
    let out = crate::operator::run(w, &id, &["user".into(), "list".into()], None);
    if out.exit_code == 0 {
        Ok(out.stdout + "\n")
    } else {
        Err((out.exit_code, out.stdout))
    }
}
