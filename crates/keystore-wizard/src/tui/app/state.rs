//! The model: one view per stage (status, calls, role panel, waits, operator commands, error),
//! what is selected and shown, and the run's header facts.

use super::form::Form;
use keystore_engine::inputs::plan::Plan;
use keystore_engine::run::events::SlrStatus;
use keystore_engine::stages::{ORDER, StageError, StageId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageStatus {
    Pending,
    Running,
    Done,
    Failed,
    Operator,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    pub service: String,
    pub operation: String,
    /// None while running.
    pub duration_ms: Option<u64>,
    pub ok: Option<bool>,
    pub error_code: Option<String>,
    pub cli: String,
    pub started_tick: u64,
    /// How many identical successful reads this row stands for (a wait's polls fold into one).
    pub count: u32,
}

impl CallRow {
    /// A read-only call (what a wait polls, or a read before a create).
    pub fn is_read(&self) -> bool {
        keystore_facts::ops::is_read(&self.operation)
    }

    /// A read that found nothing: an answer (checked before a create), not a failure.
    pub fn not_found(&self) -> bool {
        self.ok == Some(false)
            && self.is_read()
            && self.error_code.as_deref().is_some_and(|c| {
                keystore_engine::cloud::error::classify(c)
                    == keystore_engine::cloud::error::ErrorKind::NotFound
            })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlrView {
    pub role: String,
    pub principal: String,
    pub policy: String,
    pub status: Option<SlrStatus>,
    /// Ticks since start when the role was reported created.
    pub at: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WaitView {
    pub what: String,
    pub state: String,
    pub elapsed_s: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorView {
    pub code: String,
    pub meaning: String,
    pub fix: Vec<String>,
    pub request_id: Option<String>,
    pub operation: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StageView {
    pub id: StageId,
    pub status: StageStatus,
    pub calls: Vec<CallRow>,
    pub slr: Option<SlrView>,
    pub verdicts: Vec<(String, String)>,
    pub waiting: Option<WaitView>,
    pub operator: Option<(Vec<String>, bool)>,
    pub error: Option<ErrorView>,
    pub created: Vec<(String, String)>,
    pub elapsed_s: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
    Cli,
    /// The cluster form chose NON_FIPS: confirm what can never be undone before it runs.
    ConfirmNonFips,
    /// Park, unpark or repair, asked before it changes the account.
    ConfirmDayTwo(keystore_engine::daytwo::Op),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeardownPhase {
    Scanning,
    Planned,
    Confirming,
    /// Typing the first characters of a key held back as in use, to schedule it all the same.
    ConfirmingKey,
    Running,
    Finished,
}

/// What the teardown screen shows below its table (Tab cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TeardownTab {
    #[default]
    Plan,
    Notes,
    Inventory,
}

#[derive(Debug, Clone)]
pub struct TeardownView {
    pub phase: TeardownPhase,
    /// The choices the plan was made with.
    pub choice: super::msg::TeardownChoice,
    pub tab: TeardownTab,
    pub account: String,
    pub inventory: Vec<String>,
    /// The plan's rows, or after a run what was done then what remains.
    pub rows: Vec<keystore_engine::teardown::rows::Row>,
    pub notes: Vec<String>,
    /// The selected row (the table scrolls to keep it in view).
    pub cursor: usize,
    /// The first line of the notes or inventory shown (↑↓ scroll them).
    pub scroll: u16,
    pub ready: usize,
    pub typed: String,
    pub attempts: u8,
    /// The key whose deletion the operator is confirming although it is in use.
    pub confirming_key: Option<String>,
    /// A notice of the screen's own (a mistyped account id).
    pub message: Option<String>,
    /// Why the teardown could not be planned or carried out, as the engine reported it.
    pub failure: Option<StageError>,
}

/// The network stage's subnet picker.
#[derive(Debug, Clone, Default)]
pub struct SubnetPicker {
    pub loading: bool,
    pub subnets: Vec<keystore_engine::cloud::types::Subnet>,
    pub chosen: std::collections::BTreeSet<usize>,
    pub cursor: usize,
    /// A notice about the choice (too few subnets, one AZ twice).
    pub error: Option<String>,
    /// Why the subnets could not be read, as the engine reported it.
    pub failure: Option<StageError>,
}

/// The client stage's instance picker (`client.mode = "existing"`).
#[derive(Debug, Clone, Default)]
pub struct InstancePicker {
    pub loading: bool,
    pub rows: Vec<keystore_engine::cloud::client_pick::Candidate>,
    pub cursor: usize,
    /// A notice about the choice (an instance SSM does not manage).
    pub error: Option<String>,
    pub failure: Option<StageError>,
}

#[derive(Debug)]
pub struct App {
    pub stages: Vec<StageView>,
    pub selected: usize,
    /// The stages in flight: one, or two when a stage runs beside another
    /// (`stages::runs_beside`: the launched client boots while the first HSM is created).
    pub running: Vec<usize>,
    pub auto: bool,
    pub overlay: Overlay,
    /// The operator confirmed NON_FIPS mode for the cluster in this session.
    pub non_fips_confirmed: bool,
    pub form: Option<Form>,
    pub sandbox: bool,
    pub account: Option<String>,
    pub region: String,
    pub run_id: Option<String>,
    pub notice: Option<String>,
    /// What the run made and the roles it observed (from the engine's events).
    pub summary: keystore_engine::run::summary::Summary,
    /// The run-all summary is on screen (after `a` finished every stage; `s` shows it again).
    pub show_summary: bool,
    pub fatal: Option<ErrorView>,
    pub log_path: String,
    pub plan_text: String,
    pub ticks: u64,
    pub stopping: bool,
    pub last_interrupt: Option<u64>,
    pub quit: Option<i32>,
    pub ready: bool,
    /// Enter (false) or `a` (true) pressed before the run was open: done once it opens.
    pub queued: Option<bool>,
    pub teardown: Option<TeardownView>,
    pub picker: Option<SubnetPicker>,
    pub instances: Option<InstancePicker>,
    /// The backup a restore would start from (`B`: the cluster's newest READY one) and when
    /// it was taken, while its confirmation is on screen.
    pub restore_from: Option<(String, i64)>,
}

impl App {
    pub fn new(plan_text: String, sandbox: bool, region: String, log_path: String) -> Self {
        let stages = ORDER
            .iter()
            .map(|s| StageView {
                id: s.id,
                status: StageStatus::Pending,
                calls: Vec::new(),
                slr: s.slr.map(|r| SlrView {
                    role: r.name.into(),
                    principal: r.principal.into(),
                    policy: r.policy_name.into(),
                    status: None,
                    at: None,
                }),
                verdicts: Vec::new(),
                waiting: None,
                operator: None,
                error: None,
                created: Vec::new(),
                elapsed_s: None,
            })
            .collect();
        Self {
            stages,
            restore_from: None,
            selected: 0,
            running: Vec::new(),
            auto: false,
            overlay: Overlay::None,
            non_fips_confirmed: false,
            summary: Default::default(),
            show_summary: false,
            form: None,
            sandbox,
            account: None,
            region,
            run_id: None,
            notice: None,
            fatal: None,
            log_path,
            plan_text,
            ticks: 0,
            stopping: false,
            last_interrupt: None,
            quit: None,
            ready: false,
            queued: None,
            teardown: None,
            picker: None,
            instances: None,
        }
    }

    pub fn index(&self, stage: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id.as_str() == stage)
    }

    /// The first stage that is not done: what Enter runs.
    pub fn next_stage(&self) -> Option<usize> {
        self.stages
            .iter()
            .position(|s| s.status != StageStatus::Done)
    }

    pub fn all_done(&self) -> bool {
        self.stages.iter().all(|s| s.status == StageStatus::Done)
    }

    pub fn plan(&self) -> Option<Plan> {
        Plan::parse(&self.plan_text).ok()
    }
}
