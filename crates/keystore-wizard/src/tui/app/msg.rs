//! Messages (past tense: things that happened) and commands (imperative: what to do next).

use crossterm::event::KeyEvent;
use keystore_engine::inputs::plan::Plan;
use keystore_engine::run::events::Event;
use keystore_engine::stages::{StageError, StageId};
use secrecy::SecretString;

/// How a stage run ended, as the engine task reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum StageResult {
    Done,
    OperatorNeeded,
    Failed {
        code: String,
        meaning: String,
        fix: Vec<String>,
        request_id: Option<String>,
        operation: Option<String>,
    },
}

#[derive(Debug)]
pub enum Msg {
    KeyPressed(KeyEvent),
    /// A bracketed paste: one message however long, so a paste is never read as commands.
    /// Wiped after use (it may be a password).
    Pasted(zeroize::Zeroizing<String>),
    Resized(u16, u16),
    Ticked,
    EngineReported(Event),
    /// The run is open; statuses of stages the journal already has.
    SessionOpened {
        resumed: Vec<(String, String)>,
    },
    SessionFailed {
        code: String,
        meaning: String,
    },
    StageEnded {
        stage: String,
        result: StageResult,
    },
    /// SIGTERM or SIGHUP.
    Terminated,
    TeardownPlanned {
        account: String,
        inventory: Vec<String>,
        /// (line, ready) per step.
        steps: Vec<(String, bool)>,
        ready: usize,
    },
    TeardownFinished {
        results: Vec<String>,
        remaining: Vec<String>,
    },
    TeardownFailed(StageError),
    SubnetsLoaded(Result<Vec<keystore_engine::cloud::types::Subnet>, StageError>),
    InstancesLoaded(Result<Vec<keystore_engine::cloud::client_pick::Candidate>, StageError>),
}

/// The teardown screen's toggles: the order and whether backups go (`o`, `b`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TeardownChoice {
    pub order: keystore_engine::teardown::Order,
    pub delete_backups: bool,
}

#[derive(Debug)]
pub enum Command {
    RunStage(StageId),
    /// Two stages at once (`stages::runs_beside`); each ends with its own `StageEnded`.
    RunTogether(StageId, StageId),
    UpdatePlan(Box<Plan>),
    SetKmsuserPassword(SecretString),
    /// What `cloudhsm-cli user list` printed on the operator's own client (`manual` mode).
    SetUserList(String),
    /// Read the Region's subnets for the picker.
    LoadSubnets,
    /// Read the instances in the cluster's VPC for the client picker.
    LoadInstances,
    /// Scan every Region and plan the teardown with these choices (changes nothing).
    PlanTeardown(TeardownChoice),
    /// Carry out the planned teardown (only after the account id was typed).
    ExecuteTeardown,
    Quit(keystore_engine::exit::ExitCode),
}
