//! Messages (past tense: things that happened) and commands (imperative: what to do next).

use crossterm::event::KeyEvent;
use keystore_engine::inputs::plan::Plan;
use keystore_engine::run::events::Event;
use keystore_engine::stages::{StageError, StageId};
use keystore_engine::teardown::rows::Row;
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
        /// The plan as table rows, in dependency order.
        rows: Vec<Row>,
        /// What the chosen order does to the key material, and other notes on the plan.
        notes: Vec<String>,
        ready: usize,
    },
    TeardownFinished {
        /// What was done, then what remains.
        results: Vec<Row>,
        remaining: Vec<Row>,
    },
    TeardownFailed(StageError),
    SubnetsLoaded(Result<Vec<keystore_engine::cloud::types::Subnet>, StageError>),
    /// The cluster's READY backups, newest first (id, creation time), for a restore.
    BackupsLoaded(Result<Vec<(String, i64)>, StageError>),
    /// A day-two operation ended (`None`: it succeeded; else the error on one line).
    DayTwoEnded {
        op: keystore_engine::daytwo::Op,
        error: Option<String>,
    },
    InstancesLoaded(Result<Vec<keystore_engine::cloud::client_pick::Candidate>, StageError>),
}

/// The teardown screen's choices: the toggles (`o` order, `w` waiting period, `b` backups,
/// `i` IAM, `r` key-store role) and the keys held back as in use that the operator confirmed
/// one by one (`a`, like `--include KEY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeardownChoice {
    pub order: keystore_engine::teardown::Order,
    /// KMS's waiting period, 7 to 30 days (`w` cycles 7, 14, 30).
    pub window_days: i32,
    pub delete_backups: bool,
    pub delete_iam: bool,
    pub delete_key_store_role: bool,
    pub include: Vec<String>,
}

impl Default for TeardownChoice {
    fn default() -> Self {
        Self {
            order: Default::default(),
            window_days: 7,
            delete_backups: false,
            delete_iam: false,
            delete_key_store_role: false,
            include: Vec::new(),
        }
    }
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
    /// Park, unpark, repair or restore the run's cluster (only after `y` was pressed).
    DayTwo(keystore_engine::daytwo::Op, keystore_engine::daytwo::OpArgs),
    /// Read the cluster's READY backups (a restore starts from the newest).
    LoadBackups,
    Quit(keystore_engine::exit::ExitCode),
}
