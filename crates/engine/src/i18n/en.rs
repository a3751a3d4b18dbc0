//! English.

use super::{StageText, Strings};
use crate::stages::StageId;

pub static STRINGS: Strings = Strings {
    app_name: "keystore-wizard",
    sandbox_banner: " SANDBOX — simulated account, nothing is real ",
    connecting: "connecting…",
    aws_banner: " AWS ",
    account: "account",
    stages: "Stages",
    inputs: "Inputs",
    actions: "IAM actions (preflight verdict)",
    calls: "API calls",
    no_calls: "none yet — Enter runs the next pending stage",
    slr_panel: "Service-linked role",
    slr_trusts: "trusts",
    slr_policy: "policy",
    slr_will_create: "will be created by this step if the account does not have it yet",
    slr_created_now: "created now, by this step",
    slr_existed: "already exists (created earlier)",
    slr_absent: "absent",
    slr_unknown: "unknown: iam:GetRole was refused",
    slr_not_applicable: "not applicable: multi-Region keys cannot live in a custom key store, so this flow never creates it",
    slr_none: "this step creates no service-linked role",
    waiting_for: "waiting for",
    typical: "AWS typically takes",
    elapsed: "elapsed",
    cost_note: "Each HSM costs roughly $1.45–1.60 an hour; a key store needs two, in different AZs.",
    client_cost_note: "The client: t3.micro about $0.0104 an hour (us-east-1) until it is terminated after connect; each SSM interface endpoint about $0.01 an hour per subnet until teardown; the S3 gateway is free.",
    operator_title: "Operator step — CloudHSM CLI",
    operator_sandbox: "The sandbox performed these commands for you. On AWS you run them on a client in the VPC:",
    operator_you: "Your turn: run these commands, then press Enter to verify and continue:",
    error_title: "Failed",
    fix: "What to do",
    request_id: "request id",
    connect_failed: "Key store connection FAILED",
    connect_actions: "e: give the kmsuser password · Enter: disconnect, update the key store password, connect again",
    status_pending: "pending",
    status_running: "running",
    status_done: "done",
    status_failed: "failed",
    status_operator: "your turn",
    footer: "Enter run · a run all · ↑↓/jk stages · c CLI · ? help · q quit",
    footer_form: "type to edit · Tab next field · Enter run · Esc leave the form",
    help_title: "Help",
    help: &[
        ("Enter", "run the next stage (or retry the failed one)"),
        ("a", "run every remaining stage"),
        ("↑ ↓  k j", "look at another stage (finished ones too)"),
        (
            "e",
            "edit this stage's inputs (before it runs); on Network, pick subnets",
        ),
        (
            "i",
            "on Client host: use an instance you already have (SSM must manage it)",
        ),
        ("c", "show the equivalent AWS CLI commands of this stage"),
        (
            "T",
            "teardown: every Region's inventory and the plan; asks for the account id",
        ),
        (
            "P U R B",
            "day two: park, unpark, repair, restore (asks first)",
        ),
        ("?", "this help"),
        (
            "q",
            "quit (asks first); Ctrl-C stops after the current call",
        ),
        ("Esc", "close a panel"),
    ],
    last_poll: "last",
    not_found: "not found, as expected before a create",
    non_fips_title: "NON_FIPS mode cannot be undone",
    non_fips_body: "A cluster's mode is fixed when it is created: this cluster and every cluster restored from its backups will be non-FIPS for good, and its HSMs will not be FIPS 140-3 validated. To have FIPS later you must create a new cluster. Create it in NON_FIPS mode? (y/n)",
    non_fips_cancelled: "Not confirmed: nothing was created; change the mode in the form or press Enter again.",
    quit_title: "Quit?",
    quit_body: "The journal keeps everything created so far; `keystore-wizard --sandbox` or `setup --resume` continues later. Quit now? (y/n)",
    stopping: "Stopping after the current call… (Ctrl-C again to exit now)",
    suspend_ignored: "Ctrl-Z is ignored here: press q to quit — the journal keeps the run, and the next start continues it.",
    paste_ignored: "Paste ignored: no input field is open (pasted text is never read as commands).",
    too_small: "Terminal too small: keystore-wizard needs at least 60×16.",
    all_done: "All stages done: the key store is CONNECTED and its first key encrypts and decrypts.",
    cli_title: "Equivalent AWS CLI commands (secrets masked)",
    log_file: "log",
    resume_offer: "An unfinished run was found in the journal; running continues it.",
    confirm_mismatch: "The passwords do not match.",
    created_resources: "Created",
    picker_title: "Subnets of this Region (one per AZ, two AZs at least, one VPC):",
    picker_loading: "Reading subnets (DescribeSubnets)…",
    picker_hint: "space: choose · Enter: use the chosen subnets · n/Esc: keep the plan's network",
    teardown_title: "Teardown — nothing is deleted until you type the account id",
    teardown_scanning: "Scanning every Region…",
    teardown_plan: "Plan (in dependency order):",
    teardown_hint: "x: carry out the ready steps · Esc: back to the stages",
    teardown_nothing: "Nothing is ready to delete now. Esc: back",
    teardown_prompt: "Type the account id to confirm, then Enter (Esc cancels):",
    teardown_mismatch: "That is not this account's id; nothing was changed. One more try.",
    teardown_refused: "The confirmation failed twice; nothing was changed.",
    teardown_running: "Tearing down… (the journal records every step)",
    teardown_results: "Done:",
    teardown_remaining: "What remains:",
};

/// (title, what the stage does, what AWS typically takes) of a stage.
pub fn stage(id: StageId) -> StageText {
    StageText::from(match id {
        StageId::Preflight => (
            "Preflight",
            "Confirms the account and Region, and asks IAM (SimulatePrincipalPolicy) whether you may perform every action of every stage — before anything is created.",
            None,
        ),
        StageId::Admin => (
            "Admin group",
            "Creates the CloudHsmAdminPolicy customer managed policy exactly as the CloudHSM User Guide gives it, and the CloudHsmAdministrator group it is attached to.",
            None,
        ),
        StageId::Network => (
            "Network",
            "Finds or creates private subnets in at least two Availability Zones of one VPC. Each HSM takes an address in its subnet; a connected key store takes one more.",
            None,
        ),
        StageId::Cluster => (
            "Cluster",
            "Creates the CloudHSM cluster and its security group. The first cluster in the account also creates the AWSServiceRoleForCloudHSM service-linked role, which lets CloudHSM write logs to CloudWatch.",
            Some("a few minutes"),
        ),
        StageId::ClientLaunch => (
            "Client host",
            "Starts the EC2 instance for the CloudHSM CLI: Amazon Linux 2023, no public IP, reached through SSM only. First checks it has a way in (and creates endpoints in a VPC the wizard made). Terminated after connect; no service-linked role.",
            Some("about a minute"),
        ),
        StageId::FirstHsm => (
            "First HSM",
            "Creates exactly one HSM. Only when it is ACTIVE does the cluster show its CSR; a second HSM is refused until the cluster is activated.",
            Some("10–20 minutes"),
        ),
        StageId::Initialize => (
            "Initialize",
            "Signs the cluster CSR with your own self-signed root certificate (the trust anchor) and initializes the cluster. AWS KMS later checks the same trust anchor.",
            Some("about 5 minutes"),
        ),
        StageId::ClientPrepare => (
            "Client CLI",
            "Through SSM Run Command: installs the CloudHSM CLI, writes the trust anchor (public) to /opt/cloudhsm/etc/customerCA.crt, runs configure-cli with the HSM address. No password is ever in a command. Runs again after the second HSM.",
            Some("about 2 minutes"),
        ),
        StageId::Activate => (
            "Activate",
            "Activation sets the admin password in the CloudHSM CLI on a client in the VPC — not an API call. The wizard shows the commands, then waits for ACTIVE.",
            None,
        ),
        StageId::SecondHsm => (
            "Second HSM",
            "Adds an HSM in another Availability Zone: a key store needs two active HSMs in different AZs.",
            Some("10–20 minutes"),
        ),
        StageId::Kmsuser => (
            "kmsuser",
            "Creates the kmsuser crypto user on every HSM. AWS KMS logs in as kmsuser; its password is the key store password, and KMS rotates it on every connect.",
            None,
        ),
        StageId::KeyStore => (
            "Key store",
            "Creates the AWS CloudHSM key store with the cluster's trust anchor. The first key store in the account creates the AWSServiceRoleForKeyManagementServiceCustomKeyStores role.",
            None,
        ),
        StageId::Connect => (
            "Connect",
            "Connects the key store: KMS creates its security group and network interfaces and logs in as kmsuser. It ends CONNECTED or FAILED with a reason.",
            Some("up to 20 minutes"),
        ),
        StageId::FirstKey => (
            "First KMS key",
            "Creates a symmetric KMS key whose key material lives in your cluster (Origin AWS_CLOUDHSM), an alias, and proves it with an encrypt/decrypt round trip.",
            None,
        ),
    })
}

/// The catalog: its parts (a key is in one part only; `tests/i18n.rs` checks).
pub static TEXT: &[&[(&str, &str)]] =
    &[super::en_text::TEXT, super::en_td::TEXT, super::en_d2::TEXT];
