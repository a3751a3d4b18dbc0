//! English.

use super::{StageText, Strings};

pub static STRINGS: Strings = Strings {
    app_name: "keystore-wizard",
    sandbox_banner: " SANDBOX — simulated account, nothing is real ",
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
        ("e", "edit this stage's inputs (before it runs)"),
        ("c", "show the equivalent AWS CLI commands of this stage"),
        ("?", "this help"),
        (
            "q",
            "quit (asks first); Ctrl-C stops after the current call",
        ),
        ("Esc", "close a panel"),
    ],
    quit_title: "Quit?",
    quit_body: "The journal keeps everything created so far; `keystore-wizard --sandbox` or `setup --resume` continues later. Quit now? (y/n)",
    stopping: "Stopping after the current call… (Ctrl-C again to exit now)",
    too_small: "Terminal too small: keystore-wizard needs at least 60×16.",
    all_done: "All stages done: the key store is CONNECTED and its first key encrypts and decrypts.",
    cli_title: "Equivalent AWS CLI commands (secrets masked)",
    log_file: "log",
    resume_offer: "An unfinished run was found in the journal; running continues it.",
    confirm_mismatch: "The passwords do not match.",
    created_resources: "Created",
};

pub fn stage(id: &str) -> StageText {
    let (title, about, typical_wait) = match id {
        "preflight" => (
            "Preflight",
            "Confirms the account and Region, and asks IAM (SimulatePrincipalPolicy) whether you may perform every action of every stage — before anything is created.",
            None,
        ),
        "admin" => (
            "Admin group",
            "Creates the CloudHsmAdminPolicy customer managed policy exactly as the CloudHSM User Guide gives it, and the CloudHsmAdministrator group it is attached to.",
            None,
        ),
        "network" => (
            "Network",
            "Finds or creates private subnets in at least two Availability Zones of one VPC. Each HSM takes an address in its subnet; a connected key store takes one more.",
            None,
        ),
        "cluster" => (
            "Cluster",
            "Creates the CloudHSM cluster and its security group. The first cluster in the account also creates the AWSServiceRoleForCloudHSM service-linked role, which lets CloudHSM write logs to CloudWatch.",
            Some("a few minutes"),
        ),
        "first_hsm" => (
            "First HSM",
            "Creates exactly one HSM. Only when it is ACTIVE does the cluster show its CSR; a second HSM is refused until the cluster is activated.",
            Some("10–20 minutes"),
        ),
        "initialize" => (
            "Initialize",
            "Signs the cluster CSR with your own self-signed root certificate (the trust anchor) and initializes the cluster. AWS KMS later checks the same trust anchor.",
            Some("about 5 minutes"),
        ),
        "activate" => (
            "Activate",
            "Activation sets the admin password in the CloudHSM CLI on a client in the VPC — not an API call. The wizard shows the commands, then waits for ACTIVE.",
            None,
        ),
        "second_hsm" => (
            "Second HSM",
            "Adds an HSM in another Availability Zone: a key store needs two active HSMs in different AZs.",
            Some("10–20 minutes"),
        ),
        "kmsuser" => (
            "kmsuser",
            "Creates the kmsuser crypto user on every HSM. AWS KMS logs in as kmsuser; its password is the key store password, and KMS rotates it on every connect.",
            None,
        ),
        "key_store" => (
            "Key store",
            "Creates the AWS CloudHSM key store with the cluster's trust anchor. The first key store in the account creates the AWSServiceRoleForKeyManagementServiceCustomKeyStores role.",
            None,
        ),
        "connect" => (
            "Connect",
            "Connects the key store: KMS creates its security group and network interfaces and logs in as kmsuser. It ends CONNECTED or FAILED with a reason.",
            Some("up to 20 minutes"),
        ),
        "first_key" => (
            "First KMS key",
            "Creates a symmetric KMS key whose key material lives in your cluster (Origin AWS_CLOUDHSM), an alias, and proves it with an encrypt/decrypt round trip.",
            None,
        ),
        _ => ("?", "", None),
    };
    StageText {
        title,
        about,
        typical_wait,
    }
}
