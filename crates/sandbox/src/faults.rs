//! Fault injection: throttling, internal errors, lost responses (the operation is applied, then
//! the answer is lost — what makes SDK retries create duplicates), latency, and forced key-store
//! connection failures. Rules come from a TOML file (`--faults FILE`) or from tests in-process.
//! Deterministic: rules fire in order and count their uses; nothing random.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    Throttle,
    InternalError,
    LostResponse,
    Latency,
    /// DescribeClusters answers as if no cluster existed yet: AWS's read-after-write lag.
    StaleRead,
    /// Never answer (a hung connection); the operation is not applied.
    Hang,
    /// Makes the next settling ConnectCustomKeyStore end FAILED with `code`
    /// (NETWORK_ERRORS, INTERNAL_ERROR: the codes no account state implies).
    ConnectionError,
    /// The next HSM to finish creating (operation `CreateHsm`) comes up DEGRADED instead of
    /// ACTIVE, as an HSM whose hardware failed does; `times` counts the HSMs.
    HsmFailure,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// An operation name (`CreateHsm`) or `*` for every operation.
    pub operation: String,
    pub kind: FaultKind,
    /// How many times the rule fires; omitted means always.
    pub times: Option<u32>,
    #[serde(default)]
    pub latency_ms: u64,
    /// For `connection-error`: the ConnectionErrorCode to report.
    pub code: Option<String>,
    #[serde(skip)]
    pub fired: u32,
}

impl FaultRule {
    pub fn new(operation: &str, kind: FaultKind, times: Option<u32>) -> Self {
        Self {
            operation: operation.to_string(),
            kind,
            times,
            latency_ms: 0,
            code: None,
            fired: 0,
        }
    }
    pub fn with_latency(mut self, ms: u64) -> Self {
        self.latency_ms = ms;
        self
    }
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_string());
        self
    }
    fn matches(&self, operation: &str) -> bool {
        (self.operation == "*" || self.operation == operation)
            && self.times.is_none_or(|t| self.fired < t)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultFile {
    #[serde(default)]
    fault: Vec<FaultRule>,
}

/// What the faults decided for one request.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Decision {
    pub latency_ms: u64,
    pub throttle: bool,
    pub internal_error: bool,
    pub lose_response: bool,
    pub stale_read: bool,
    pub hang: bool,
}

#[derive(Debug, Default, Clone)]
pub struct FaultPlan {
    rules: Vec<FaultRule>,
}

impl FaultPlan {
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let file: FaultFile = toml::from_str(text).map_err(|e| format!("faults file: {e}"))?;
        for rule in &file.fault {
            if rule.kind == FaultKind::ConnectionError && rule.code.is_none() {
                return Err(format!(
                    "faults file: the connection-error rule for `{}` needs `code` (e.g. \"NETWORK_ERRORS\")",
                    rule.operation
                ));
            }
        }
        Ok(Self { rules: file.fault })
    }

    pub fn push(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// Decides the HTTP-level faults for one request and counts the rules that fired.
    pub fn decide(&mut self, operation: &str) -> Decision {
        let mut d = Decision::default();
        for rule in self.rules.iter_mut() {
            if rule.kind.is_state_fault() || !rule.matches(operation) {
                continue;
            }
            rule.fired += 1;
            match rule.kind {
                FaultKind::Latency => d.latency_ms += rule.latency_ms,
                FaultKind::Throttle => d.throttle = true,
                FaultKind::InternalError => d.internal_error = true,
                FaultKind::LostResponse => d.lose_response = true,
                FaultKind::StaleRead => d.stale_read = true,
                FaultKind::Hang => d.hang = true,
                FaultKind::ConnectionError | FaultKind::HsmFailure => {}
            }
            if d.throttle || d.internal_error || d.lose_response || d.hang {
                break;
            }
        }
        d
    }

    /// A forced ConnectionErrorCode for a connect attempt, if a rule asks for one.
    pub fn connection_error(&mut self) -> Option<String> {
        let rule = self
            .rules
            .iter_mut()
            .find(|r| r.kind == FaultKind::ConnectionError && r.matches("ConnectCustomKeyStore"))?;
        rule.fired += 1;
        rule.code.clone()
    }

    /// Whether the HSM finishing its creation now is to fail, if a rule asks for it.
    pub fn hsm_failure(&mut self) -> bool {
        let Some(rule) = self
            .rules
            .iter_mut()
            .find(|r| r.kind == FaultKind::HsmFailure && r.matches("CreateHsm"))
        else {
            return false;
        };
        rule.fired += 1;
        true
    }
}

impl FaultKind {
    /// Faults that change what the account does later, not how one request is answered.
    fn is_state_fault(self) -> bool {
        matches!(self, Self::ConnectionError | Self::HsmFailure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_fire_the_given_number_of_times() {
        let mut plan = FaultPlan::from_toml(
            "[[fault]]\noperation = \"CreateHsm\"\nkind = \"lost-response\"\ntimes = 1\n[[fault]]\noperation = \"*\"\nkind = \"latency\"\nlatency_ms = 5\n",
        )
        .expect("valid");
        let first = plan.decide("CreateHsm");
        assert!(first.lose_response);
        assert_eq!(first.latency_ms, 0, "a lost response stops the scan");
        let second = plan.decide("CreateHsm");
        assert!(!second.lose_response);
        assert_eq!(second.latency_ms, 5);
        assert_eq!(plan.decide("ListKeys").latency_ms, 5);
    }

    #[test]
    fn a_bad_file_is_an_error_that_names_the_problem() {
        let err = FaultPlan::from_toml("[[fault]]\noperation = \"X\"\nkind = \"explode\"\n")
            .expect_err("bad kind");
        assert!(err.contains("kind") || err.contains("explode"), "{err}");
        let err =
            FaultPlan::from_toml("[[fault]]\noperation = \"X\"\nkind = \"connection-error\"\n")
                .expect_err("needs code");
        assert!(err.contains("code"), "{err}");
    }

    #[test]
    fn forced_connection_errors_are_consumed() {
        let mut plan = FaultPlan::default();
        plan.push(
            FaultRule::new("ConnectCustomKeyStore", FaultKind::ConnectionError, Some(1))
                .with_code("NETWORK_ERRORS"),
        );
        assert_eq!(plan.connection_error().as_deref(), Some("NETWORK_ERRORS"));
        assert_eq!(plan.connection_error(), None);
    }
}
