//! English.

use super::{StageText, Strings};

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
        ("c", "show the equivalent AWS CLI commands of this stage"),
        (
            "T",
            "teardown: every Region's inventory and the plan; asks for the account id",
        ),
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

/// Keyed templates (`{name}` placeholders); fix steps are one per line.
pub static TEXT: &[(&str, &str)] = &[
    // Stage failures found by the wizard: meaning (err.) and fix steps (fix.).
    (
        "err.OperatorStepFailed",
        "the operator step failed: {detail}",
    ),
    ("fix.OperatorStepFailed", ""),
    ("err.ActivationFailed", "cluster activate failed: {output}"),
    (
        "fix.ActivationFailed",
        "Run the activation commands by hand, then setup --resume.",
    ),
    ("err.KeyStoreGoneNow", "key store {id} no longer exists"),
    ("fix.KeyStoreGoneNow", ""),
    (
        "err.StillConnecting",
        "the key store is still {state} after {minutes} minutes",
    ),
    (
        "fix.StillConnecting",
        "Quit and run setup --resume later; the connection attempt goes on.",
    ),
    ("err.NoKeyStore", "this run has no key store yet"),
    ("fix.NoKeyStore", ""),
    ("err.NoCluster", "this run has no cluster yet"),
    ("fix.NoCluster", "Run setup from the start."),
    (
        "err.ClusterGone",
        "cluster {id}, created by this run, no longer exists (deleted outside the wizard?)",
    ),
    (
        "fix.ClusterGone",
        "Start a new run with another --state-dir, or restore the cluster from a backup.",
    ),
    (
        "err.HsmDegraded",
        "HSM {id} is DEGRADED: it will not become ACTIVE",
    ),
    (
        "fix.HsmDegraded",
        "Delete HSM {id} and run setup --resume to create it again.",
    ),
    ("err.ClusterState", "cluster {id} is {state}: {message}"),
    (
        "fix.ClusterState",
        "Look at the cluster in the CloudHSM console; run setup --resume once it is healthy.",
    ),
    (
        "err.StillInProgress",
        "{what} is still {state} after {minutes} minutes",
    ),
    (
        "fix.StillInProgress",
        "Nothing is lost: quit and run setup --resume later.",
    ),
    (
        "err.AliasInUse",
        "{alias} already names key {target}, which is not in this key store",
    ),
    ("fix.AliasInUse", "Choose another key.alias in the plan."),
    (
        "err.RoundTripFailed",
        "key {key} did not decrypt what it encrypted",
    ),
    ("fix.RoundTripFailed", ""),
    (
        "err.CaKeyNotWritten",
        "cannot write the CA key to {path}: {detail}",
    ),
    (
        "fix.CaKeyNotWritten",
        "Choose a path in an existing private directory that has no file of that name (it is never overwritten).",
    ),
    ("err.NoCsr", "the cluster shows no CSR yet"),
    (
        "fix.NoCsr",
        "Run setup --resume once the first HSM is ACTIVE.",
    ),
    (
        "err.PkiFailed",
        "the root certificate could not be made: {detail}",
    ),
    ("fix.PkiFailed", ""),
    (
        "err.CsrRejected",
        "the cluster CSR cannot be signed: {detail}",
    ),
    ("fix.CsrRejected", ""),
    (
        "err.KeyStoreGone",
        "key store {id}, created by this run, no longer exists",
    ),
    (
        "fix.KeyStoreGone",
        "Start a new run with another --state-dir.",
    ),
    (
        "err.KeyStoreNameInUse",
        "a key store named {name} already exists for cluster {cluster}",
    ),
    (
        "fix.KeyStoreNameInUse",
        "Choose another key_store.name in the plan.",
    ),
    (
        "err.TrustAnchorUnknown",
        "this run does not know the trust anchor of cluster {cluster}",
    ),
    (
        "fix.TrustAnchorUnknown",
        "Initialize the cluster with this wizard, or start a new run.",
    ),
    (
        "err.KmsuserStepFailed",
        "the operator step failed: {detail}",
    ),
    (
        "fix.KmsuserStepFailed",
        "Create kmsuser by hand with the CloudHSM CLI, then setup --resume.",
    ),
    ("err.UnknownStage", "no stage called {stage}"),
    ("fix.UnknownStage", ""),
    (
        "err.SubnetsInSeveralVpcs",
        "the subnets are in {n} VPCs; a cluster's subnets must share one VPC",
    ),
    (
        "fix.SubnetsInSeveralVpcs",
        "List subnets of one VPC in network.subnet_ids.",
    ),
    (
        "err.OneSubnetPerAz",
        "two subnets are in {az}; CloudHSM takes one subnet per Availability Zone",
    ),
    (
        "fix.OneSubnetPerAz",
        "Keep one subnet per AZ in network.subnet_ids.",
    ),
    (
        "err.OneAzOnly",
        "all subnets are in one Availability Zone; a key store needs HSMs in two AZs",
    ),
    (
        "fix.OneAzOnly",
        "Add a subnet in a second AZ of the same VPC.",
    ),
    (
        "err.InsufficientFreeAddresses",
        "subnet {subnet} has {free} free address(es); it needs {needed} (an HSM and AWS KMS's interface)",
    ),
    (
        "fix.InsufficientFreeAddresses",
        "Free addresses in the subnet or choose a roomier one.",
    ),
    (
        "err.NoFreeAz",
        "no Availability Zone is left for another subnet",
    ),
    ("fix.NoFreeAz", ""),
    (
        "err.SubnetNotFound",
        "some subnets of the plan do not exist in this Region",
    ),
    (
        "fix.SubnetNotFound",
        "Check network.subnet_ids and the Region.",
    ),
    (
        "err.WrongAccount",
        "the credentials are for account {me}, but this run's journal belongs to account {previous}; nothing was changed",
    ),
    (
        "fix.WrongAccount",
        "Use credentials for the journal's account, or another --state-dir for a new run.",
    ),
    (
        "err.PermissionsMissing",
        "{arn} may not perform {n} action(s) this setup needs; nothing was created",
    ),
    ("fix.PermissionsMissing", "allow {item}"),
    (
        "err.WrongRegion",
        "this run's journal is for {journal}, not {region}",
    ),
    (
        "fix.WrongRegion",
        "Use the journal's Region, or another --state-dir for a new run.",
    ),
    (
        "err.JournalError",
        "the run journal could not be saved, so the run stopped before its next change: {detail}",
    ),
    (
        "fix.JournalError",
        "Free disk space or fix the state directory's permissions, then run setup --resume.",
    ),
    ("err.NothingToResume", "there is no run to resume in {dir}"),
    (
        "fix.NothingToResume",
        "Run setup without --resume to start one.",
    ),
    (
        "err.NotConfirmed",
        "the run was not confirmed, so nothing was created",
    ),
    (
        "fix.NotConfirmed",
        "Pass --yes, or answer yes at the prompt.",
    ),
    // Fixes for errors AWS returned.
    (
        "fix.AccessDenied",
        "Grant the caller permission for this call ({operation}), or run as a principal that has it.",
    ),
    (
        "fix.Transient",
        "This is usually transient: run `keystore-wizard setup --resume` to continue where the run stopped.",
    ),
    (
        "fix.AwsOther",
        "Fix the cause named above, then run `keystore-wizard setup --resume`.",
    ),
    (
        "fix.IncorrectTrustAnchor",
        "The trust anchor must be the certificate the cluster was initialized with ({path}).",
    ),
    (
        "fix.ConnectResume",
        "Then run `keystore-wizard setup --resume`: it disconnects, updates the password if you give one, and connects again.",
    ),
    (
        "fix.SessionFailed",
        "Check credentials and Region; q quits.",
    ),
    (
        "ask.confirm",
        "Create CloudHSM and KMS resources in account {account}, Region {region}? HSMs cost about $1.50 an hour each. Type yes to go on: ",
    ),
    // ConnectionErrorCode meanings and fixes (KMS Developer Guide).
    (
        "connect.INTERNAL_ERROR",
        "AWS KMS could not complete the request because of an internal error.",
    ),
    (
        "connect.INTERNAL_ERROR.fix",
        "Disconnect the key store.\nConnect it again.",
    ),
    (
        "connect.NETWORK_ERRORS",
        "Network errors prevent AWS KMS from reaching the cluster (usually transient).",
    ),
    (
        "connect.NETWORK_ERRORS.fix",
        "Disconnect the key store and wait a few minutes.\nCheck the cluster's security group and network ACLs allow TCP 2223-2225 inside the VPC.\nConnect again.",
    ),
    (
        "connect.CLUSTER_NOT_FOUND",
        "AWS KMS cannot find the cluster: the id is wrong or the cluster was deleted.",
    ),
    (
        "connect.CLUSTER_NOT_FOUND.fix",
        "Restore a cluster from a backup of the original cluster.\nDisconnect the key store.\nUpdateCustomKeyStore with the new CloudHsmClusterId.\nConnect again.",
    ),
    (
        "connect.INSUFFICIENT_CLOUDHSM_HSMS",
        "The cluster has no active HSM.",
    ),
    (
        "connect.INSUFFICIENT_CLOUDHSM_HSMS.fix",
        "Add an HSM to the cluster (better two, in different Availability Zones).\nWait until it is ACTIVE, then connect again.",
    ),
    (
        "connect.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
        "A cluster subnet has no free IP address; AWS KMS needs one (two are better) in each.",
    ),
    (
        "connect.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET.fix",
        "Free addresses in the cluster's subnets, or restore the cluster into roomier subnets.\nDisconnect, then connect again.",
    ),
    (
        "connect.INVALID_CREDENTIALS",
        "The key store's password does not match the kmsuser password in the cluster.",
    ),
    (
        "connect.INVALID_CREDENTIALS.fix",
        "Change the kmsuser password in the cluster (CloudHSM CLI: user change-password).\nDisconnect the key store.\nUpdateCustomKeyStore with the same KeyStorePassword.\nConnect again.",
    ),
    (
        "connect.SUBNET_NOT_FOUND",
        "A subnet of the cluster was deleted.",
    ),
    (
        "connect.SUBNET_NOT_FOUND.fix",
        "Create a cluster from a backup in existing subnets.\nDisconnect, UpdateCustomKeyStore with the new cluster id.\nConnect again.",
    ),
    (
        "connect.USER_LOCKED_OUT",
        "kmsuser is locked out after too many failed logins.",
    ),
    (
        "connect.USER_LOCKED_OUT.fix",
        "Disconnect the key store.\nAs admin, change the kmsuser password (CloudHSM CLI).\nUpdateCustomKeyStore with the new KeyStorePassword.\nConnect again.",
    ),
    (
        "connect.USER_LOGGED_IN",
        "kmsuser is logged in to the cluster, so AWS KMS cannot log in as kmsuser.",
    ),
    (
        "connect.USER_LOGGED_IN.fix",
        "Log kmsuser out of every CloudHSM CLI session.\nIf you changed its password, update the key store's password.\nConnect again.",
    ),
    (
        "connect.USER_NOT_FOUND",
        "There is no kmsuser crypto user in the cluster, or it is missing on some HSM.",
    ),
    (
        "connect.USER_NOT_FOUND.fix",
        "Create kmsuser as a crypto user on every HSM (CloudHSM CLI: user create --username kmsuser --role crypto-user).\nIf its password differs, update the key store's password.\nConnect again (keystore-wizard setup --resume disconnects and reconnects).",
    ),
    (
        "connect.UNKNOWN",
        "AWS KMS reported a connection error this program does not know.",
    ),
    (
        "connect.UNKNOWN.fix",
        "Disconnect the key store, check the cluster, and connect again.",
    ),
    // The account guard.
    (
        "guard.blocklist",
        "account {account} is on the blocklist in the config",
    ),
    (
        "guard.term",
        "the alias \"{alias}\" of account {account} contains the blocked term \"{term}\"",
    ),
    (
        "guard.unreadable",
        "the alias of account {account} could not be read ({code}), so the blocked terms cannot be checked",
    ),
    (
        "guard.bypassed",
        "account guard bypassed with two keys: {reason}",
    ),
    ("guard.refused", "{reason}; nothing was changed"),
    (
        "guard.fix",
        "Use credentials for another account, or change the config's account_guard lists.",
    ),
    (
        "guard.missing",
        "To proceed in this account anyway, both keys are needed; missing: {missing}.",
    ),
    (
        "guard.missing_both",
        "the --bypass-account-guard flag and the account id under account_guard.bypass in the config",
    ),
    (
        "guard.missing_flag",
        "the --bypass-account-guard flag (the config lists the account under bypass)",
    ),
    (
        "guard.missing_config",
        "the account id under account_guard.bypass in the config (the flag alone is not enough)",
    ),
    // Headless text output.
    (
        "h.run",
        "run {run}: account {account}, Region {region}, {target}",
    ),
    ("h.created", "created {kind} {id}"),
    (
        "h.found",
        "found {kind} {id} (already there; not created again)",
    ),
    (
        "h.slr",
        "service-linked role {role} (trusts {principal}; policy {policy}): {status}",
    ),
    ("h.slr.created", "created by this step"),
    ("h.slr.existed", "already existed"),
    ("h.slr.absent", "absent"),
    (
        "h.slr.not_applicable",
        "not applicable: multi-Region keys cannot live in a custom key store, so this flow never creates it",
    ),
    ("h.slr.unknown", "unknown (iam:GetRole was refused)"),
    ("h.warning", "WARNING {reason}"),
    (
        "h.permission",
        "permission {action} for {stage}: {decision}",
    ),
    ("h.waiting", "waiting for {what}: {state} ({elapsed}s)"),
    (
        "h.operator.sandbox",
        "performed in the sandbox (on AWS you run these yourself):",
    ),
    (
        "h.operator.you",
        "YOUR TURN — run these in the CloudHSM CLI, then `keystore-wizard setup --resume`:",
    ),
    ("h.error", "error in {stage}: {code}: {meaning}"),
    // Waits (Event::Waiting.what stays English in events; shown through this table).
    (
        "wait.cluster to leave CREATE_IN_PROGRESS",
        "cluster to leave CREATE_IN_PROGRESS",
    ),
    (
        "wait.first HSM to be ACTIVE and the CSR to appear",
        "first HSM to be ACTIVE and the CSR to appear",
    ),
    (
        "wait.cluster to be INITIALIZED",
        "cluster to be INITIALIZED",
    ),
    ("wait.cluster to be ACTIVE", "cluster to be ACTIVE"),
    (
        "wait.both HSMs to be ACTIVE in two AZs",
        "both HSMs to be ACTIVE in two AZs",
    ),
    ("wait.key store to settle", "key store to settle"),
    ("wait.key store to disconnect", "key store to disconnect"),
    (
        "wait.key store to connect (AWS: up to 20 minutes)",
        "key store to connect (AWS: up to 20 minutes)",
    ),
    (
        "wait.the cluster CSR changed since it was read; signing the new one",
        "the cluster CSR changed since it was read; signing the new one",
    ),
    (
        "wait.every HSM of the cluster to be deleted",
        "every HSM of the cluster to be deleted",
    ),
    ("wait.cluster to be DELETED", "cluster to be DELETED"),
    (
        "wait.service-linked role deletion",
        "service-linked role deletion",
    ),
    // Inventory and teardown.
    (
        "td.region_unreadable",
        "the Region could not be read: {reason}",
    ),
    (
        "td.foreign_store",
        "foreign key store {name} (select it with --include {id})",
    ),
    (
        "td.keys_pending",
        "{n} KMS key(s) must finish their deletion waiting period first (AWS counts keys pending deletion)",
    ),
    (
        "td.foreign_cluster",
        "foreign cluster (select it with --include {id})",
    ),
    (
        "td.backups_kept",
        "backups are kept unless you pass --delete-backups",
    ),
    (
        "td.foreign_backup",
        "foreign backup (select it with --include {id})",
    ),
    ("td.mrk_role", "not part of this flow: never touched"),
    (
        "td.kcks_role",
        "AWS documents no procedure to delete this role, and KMS does not use it without key stores; pass --delete-key-store-role to try anyway",
    ),
    (
        "td.key_not_pending",
        "key {key} is {state} after ScheduleKeyDeletion",
    ),
    ("td.key_deleted_on", "deleted by AWS on {date}"),
    ("td.already_pending", "already pending deletion"),
    (
        "td.store_still_there",
        "key store {id} is still there ({state})",
    ),
    ("td.deletion_started", "deletion started"),
    ("td.hsms_left", "{n} HSM(s) left"),
    ("td.backup_state", "backup {id} is {state}"),
    (
        "td.backup_pending",
        "pending deletion (AWS removes it after 7 days)",
    ),
    ("td.group_still_there", "group {id} is still there"),
    ("td.policy_still_there", "policy {id} is still there"),
    ("td.unknown_action", "unknown teardown action {action}"),
    ("td.already_gone", "already gone"),
    ("td.deleted", "deleted"),
    ("td.role_refused", "AWS refused: still used by {usage}"),
    ("td.task_gone", "task gone, role still listed"),
    (
        "td.task_still",
        "the deletion task is still {state} after {minutes} minutes",
    ),
    (
        "td.role_still_there",
        "{name} is still there after its deletion task ended",
    ),
    ("td.nothing_left", "nothing left"),
    (
        "td.countdown",
        "teardown: {ready} step(s) start in {left} s — Ctrl-C cancels, nothing has changed yet",
    ),
    (
        "td.cancelled",
        "teardown cancelled during the countdown; nothing was changed",
    ),
    ("td.plan", "teardown plan:"),
    (
        "td.dry_run",
        "dry run: nothing was changed. To carry out the [ready] steps: teardown --execute --confirm {account}",
    ),
    ("td.results", "teardown results:"),
    ("td.remaining", "what remains:"),
    (
        "td.come_back",
        "come back on or after {date}: run `keystore-wizard teardown --execute --confirm {account}` again",
    ),
    (
        "td.steps_failed",
        "{n} teardown step(s) failed; nothing was hidden: see above, fix, and run again",
    ),
    (
        "inv.partial",
        "not every Region was scanned (use --regions all)",
    ),
    ("inv.blocker_unknown", "{region}: unknown ({reason})"),
    ("inv.blocker_cluster", "{region}: cluster {id} is {state}"),
    ("inv.blocker_store", "{region}: key store {id} exists"),
    ("rep.account", "account {account} · {n} Region(s) {scope}"),
    ("rep.every_region", "(every enabled Region)"),
    ("rep.some_regions", "(not all Regions)"),
    ("rep.unknown", "{region}: UNKNOWN — {reason}"),
    ("rep.ours", "ours"),
    ("rep.foreign", "foreign"),
    (
        "rep.cluster",
        "  cluster {id} {state} ({owner}) HSMs: [{hsms}]",
    ),
    ("rep.key_deleted_on", "{id} {state} (deleted on {date})"),
    (
        "rep.store",
        "  key store {id} \"{name}\" {state} on {cluster} ({owner}) keys: [{keys}]",
    ),
    ("rep.backup", "  backup {id} of {cluster} {state}"),
    (
        "rep.empty_regions",
        "{n} Region(s): no cluster, key store or backup",
    ),
    ("rep.roles", "service-linked roles:"),
    ("rep.exists", "exists"),
    ("rep.absent", "absent"),
    ("rep.unblocked", " — nothing blocks its deletion"),
    ("rep.blocked_by", " — blocked: {blockers}"),
    (
        "rep.role",
        "  {name} (trusts {principal}): {state}{blockers}",
    ),
    ("rep.ready", "ready"),
    ("rep.waits_until", "waits until {date}"),
    ("rep.blocked", "blocked"),
    ("rep.left_alone", "left alone"),
    ("rep.done", "done"),
    ("rep.failed", "FAILED"),
    // Command line.
    (
        "cli.regions_empty",
        "--regions: give `all` or a comma-separated list such as us-east-1,eu-west-1",
    ),
    (
        "cli.region_bad",
        "--regions: `{region}` is not a Region name",
    ),
    (
        "cli.include_bad",
        "--include {id}: not a cluster (cluster-…), backup (backup-…), key store (cks-…) or KMS key id",
    ),
    (
        "cli.window_bad",
        "--pending-window-days must be 7 to 30 (AWS KMS's waiting period)",
    ),
    (
        "cli.confirm_missing",
        "--execute needs --confirm <ACCOUNT_ID>: the account id the credentials belong to",
    ),
    (
        "cli.confirm_mismatch",
        "--confirm {given} does not match the account of these credentials ({account}); nothing was changed",
    ),
    (
        "cli.delete_iam_unknown",
        "--delete-iam: this state directory's journal names no IAM group and policy created by the wizard",
    ),
    (
        "cli.no_tty",
        "the wizard needs an interactive terminal; for non-interactive use run `keystore-wizard setup --plan FILE` (see README)",
    ),
    (
        "cli.plan_unreadable",
        "cannot read the plan {path}: {detail}",
    ),
    ("cli.terminal", "cannot use this terminal: {detail}"),
    (
        "cli.until_bad",
        "--until {stage}: no such stage; use one of {ids}",
    ),
    // Plan file and passwords.
    ("plan.error", "line {line}, column {column}: {rule}"),
    (
        "plan.error_field",
        "line {line}, column {column}: {field} = {value}: {rule}",
    ),
    (
        "rule.a Region name such as us-east-1",
        "a Region name such as us-east-1",
    ),
    (
        "rule.one of hsm1.medium, hsm2m.medium",
        "one of hsm1.medium, hsm2m.medium",
    ),
    ("rule.FIPS or NON_FIPS", "FIPS or NON_FIPS"),
    (
        "rule.NON_FIPS is only available with hsm2m.medium (and cannot be changed later)",
        "NON_FIPS is only available with hsm2m.medium (and cannot be changed later)",
    ),
    ("rule.7 to 379 days", "7 to 379 days"),
    ("rule.2048 or 4096", "2048 or 4096"),
    ("rule.1 to 64 characters", "1 to 64 characters"),
    (
        "rule.1 to 3650 days (shorter than the root's ten years)",
        "1 to 3650 days (shorter than the root's ten years)",
    ),
    (
        "rule.an absolute path (the CA key is written there with mode 0600)",
        "an absolute path (the CA key is written there with mode 0600)",
    ),
    (
        "rule.1 to 256 printable characters (it appears in CloudTrail logs: no secrets)",
        "1 to 256 printable characters (it appears in CloudTrail logs: no secrets)",
    ),
    (
        "rule.alias/ followed by letters, digits, /, _ or - (alias/aws/ is reserved)",
        "alias/ followed by letters, digits, /, _ or - (alias/aws/ is reserved)",
    ),
    ("rule.at most 8192 characters", "at most 8192 characters"),
    (
        "rule.at least two subnets, in different Availability Zones (a key store needs HSMs in two AZs)",
        "at least two subnets, in different Availability Zones (a key store needs HSMs in two AZs)",
    ),
    ("rule.at most 10 subnets", "at most 10 subnets"),
    (
        "rule.a subnet id such as subnet-0123456789abcdef0",
        "a subnet id such as subnet-0123456789abcdef0",
    ),
    ("rule.each subnet once", "each subnet once"),
    (
        "rule.an IPv4 CIDR block from /16 to /28 with no host bits set",
        "an IPv4 CIDR block from /16 to /28 with no host bits set",
    ),
    (
        "rule.at least two subnets, in different Availability Zones",
        "at least two subnets, in different Availability Zones",
    ),
    (
        "rule.a /16../28 CIDR inside the VPC's block",
        "a /16../28 CIDR inside the VPC's block",
    ),
    ("rule.subnets must not overlap", "subnets must not overlap"),
    (
        "rule.one subnet per Availability Zone",
        "one subnet per Availability Zone",
    ),
    (
        "rule.IAM names are 1 to 128 characters of letters, digits and _+=,.@-",
        "IAM names are 1 to 128 characters of letters, digits and _+=,.@-",
    ),
    (
        "rule.IAM names are 1 to 64 characters of letters, digits and _+=,.@-",
        "IAM names are 1 to 64 characters of letters, digits and _+=,.@-",
    ),
    (
        "rule.give subnet_ids or a [network.create_vpc] table",
        "give subnet_ids or a [network.create_vpc] table",
    ),
    (
        "pw.length",
        "the {what} must be 7 to 32 characters long (it has {n})",
    ),
    (
        "pw.charset",
        "the {what} may contain only letters A-Z, a-z and digits 0-9 (no symbols or spaces)",
    ),
    ("pw.unreadable", "cannot read {path}: {detail}"),
    (
        "pw.mode",
        "{path} is readable by group or others (mode {mode}); run chmod 600 on it",
    ),
    (
        "pw.missing",
        "no kmsuser password: set {env} or pass --kmsuser-password-file",
    ),
    ("what.kmsuser password", "kmsuser password"),
    (
        "what.crypto-officer (admin) password",
        "crypto-officer (admin) password",
    ),
    // TUI: the plan's values of a stage, and form labels.
    ("in.admin", "group {group} · policy {policy}"),
    ("in.subnets", "subnets {ids}"),
    ("in.any_az", "(any AZ)"),
    ("in.new_vpc", "new VPC {cidr} · subnets {subnets}"),
    (
        "in.cluster",
        "HSM type {type} · mode {mode} · backups {days} days",
    ),
    (
        "in.initialize",
        "root CA RSA {bits} \"{name}\" · cluster certificate {days} days",
    ),
    ("in.kmsuser", "kmsuser password: ********"),
    ("in.key_store", "name {name}"),
    ("in.first_key", "alias {alias} · {description}"),
    ("in.choice", "{value} (space: next choice)"),
    ("field.admin.group", "IAM group"),
    ("field.admin.policy", "IAM policy"),
    ("field.cluster.hsm_type", "HSM type"),
    ("field.cluster.mode", "Mode"),
    ("field.cluster.backup_retention_days", "Backup days"),
    ("field.pki.key_bits", "CA key (RSA bits)"),
    ("field.pki.common_name", "CA name"),
    ("field.kmsuser_password", "kmsuser password"),
    ("field.kmsuser_confirm", "confirm"),
    ("field.key_store.name", "Key store name"),
    ("field.key.alias", "Alias"),
    ("field.key.description", "Description"),
];
