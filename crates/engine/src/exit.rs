//! The exit codes of every command, in one place: the engine's outcomes map to them, the
//! program returns them, and README's table is checked against `ExitCode::ALL` by a test.

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Done, or stopped where `--until` asked.
    Ok,
    /// `sandbox cloudhsm-cli`: the CloudHSM CLI command failed (exit 1, as the real CLI).
    CliCommandFailed,
    /// Bad arguments, plan, config, password or password file; journal locked by another run;
    /// not confirmed; refused by the account guard.
    Usage,
    /// An AWS call or a precondition failed; the journal is kept: fix the cause and `--resume`.
    Aws,
    /// An operator step is needed: run the printed CloudHSM CLI commands, then `--resume`.
    OperatorStep,
    /// The key store connect ended FAILED.
    ConnectFailed,
    /// Interrupted (Ctrl-C) before anything changed, e.g. during the teardown's countdown.
    Interrupted,
}

impl ExitCode {
    /// Every code, in numeric order (README's table lists exactly these).
    pub const ALL: [ExitCode; 7] = [
        ExitCode::Ok,
        ExitCode::CliCommandFailed,
        ExitCode::Usage,
        ExitCode::Aws,
        ExitCode::OperatorStep,
        ExitCode::ConnectFailed,
        ExitCode::Interrupted,
    ];

    /// The process exit status.
    pub const fn code(self) -> i32 {
        match self {
            ExitCode::Ok => 0,
            ExitCode::CliCommandFailed => 1,
            ExitCode::Usage => 2,
            ExitCode::Aws => 3,
            ExitCode::OperatorStep => 4,
            ExitCode::ConnectFailed => 5,
            ExitCode::Interrupted => 130,
        }
    }

    /// The code for a process exit status (the TUI's quit carries one).
    pub fn from_code(code: i32) -> Option<ExitCode> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// An error with the exit code it maps to; the message is printed once, by `main`.
#[derive(Debug)]
pub struct Failure {
    pub code: ExitCode,
    pub message: String,
}

impl Failure {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Usage, message)
    }
    pub fn aws(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Aws, message)
    }
    /// An exit with this code and nothing more to print (what was to say is said).
    pub fn silent(code: ExitCode) -> Self {
        Self::new(code, String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_round_trip() {
        for c in ExitCode::ALL {
            assert_eq!(ExitCode::from_code(c.code()), Some(c));
        }
        let mut codes: Vec<i32> = ExitCode::ALL.iter().map(|c| c.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), ExitCode::ALL.len(), "sorted and distinct");
        assert_eq!(ExitCode::from_code(7), None);
    }
}
