//! 日本語. Terms follow the AWS Japanese documentation (seed 003): カスタムキーストア,
//! サービスにリンクされたロール, キーポリシー, クラスター, アクセス許可, リージョン.
//! AWS names (roles, API operations, error codes, states) stay as they are.

use super::{StageText, Strings};

pub static STRINGS: Strings = Strings {
    app_name: "keystore-wizard",
    sandbox_banner: " サンドボックス — 模擬アカウント、実在のリソースなし ",
    connecting: "接続中…",
    aws_banner: " AWS ",
    account: "アカウント",
    stages: "ステージ",
    inputs: "入力",
    actions: "IAM アクション (事前チェックの判定)",
    calls: "API 呼び出し",
    no_calls: "まだありません — Enter で次の未実行ステージを実行します",
    slr_panel: "サービスにリンクされたロール",
    slr_trusts: "信頼するプリンシパル",
    slr_policy: "ポリシー",
    slr_will_create: "アカウントにまだ無ければ、このステップで作成されます",
    slr_created_now: "このステップで今作成されました",
    slr_existed: "既に存在します (以前に作成済み)",
    slr_absent: "存在しません",
    slr_unknown: "不明: iam:GetRole が拒否されました",
    slr_not_applicable: "対象外: マルチリージョンキーはカスタムキーストアに置けないため、このフローでは作成されません",
    slr_none: "このステップはサービスにリンクされたロールを作成しません",
    waiting_for: "待機中:",
    typical: "AWS の通常の所要時間",
    elapsed: "経過",
    cost_note: "HSM は 1 台あたり 1 時間約 1.45〜1.60 ドルかかります。キーストアには異なる AZ に 2 台必要です。",
    operator_title: "オペレーターの作業 — CloudHSM CLI",
    operator_sandbox: "サンドボックスがこれらのコマンドを代わりに実行しました。AWS では VPC 内のクライアントで実行します:",
    operator_you: "あなたの番です: これらのコマンドを実行してから Enter を押すと、確認して続行します:",
    error_title: "失敗",
    fix: "対処方法",
    request_id: "リクエスト ID",
    connect_failed: "キーストアの接続に失敗しました (FAILED)",
    connect_actions: "e: kmsuser のパスワードを入力 · Enter: 切断し、キーストアのパスワードを更新して再接続",
    status_pending: "未実行",
    status_running: "実行中",
    status_done: "完了",
    status_failed: "失敗",
    status_operator: "あなたの番",
    footer: "Enter 実行 · a すべて実行 · ↑↓/jk ステージ · c CLI · ? ヘルプ · q 終了",
    footer_form: "入力して編集 · Tab 次の項目 · Enter 実行 · Esc フォームを閉じる",
    help_title: "ヘルプ",
    help: &[
        ("Enter", "次のステージを実行 (失敗したステージは再試行)"),
        ("a", "残りのステージをすべて実行"),
        ("↑ ↓  k j", "別のステージを表示 (完了済みも)"),
        (
            "e",
            "このステージの入力を編集 (実行前); Network ではサブネットを選択",
        ),
        ("c", "このステージと同等の AWS CLI コマンドを表示"),
        (
            "T",
            "削除 (ティアダウン): 全リージョンのインベントリと計画。アカウント ID の入力を求めます",
        ),
        ("?", "このヘルプ"),
        ("q", "終了 (確認あり); Ctrl-C は実行中の呼び出しの後で停止"),
        ("Esc", "パネルを閉じる"),
    ],
    quit_title: "終了しますか?",
    quit_body: "ここまでに作成したものはジャーナルに残ります。`keystore-wizard --sandbox` または `setup --resume` で後から続行できます。今終了しますか? (y/n)",
    stopping: "実行中の呼び出しの後で停止します… (もう一度 Ctrl-C ですぐに終了)",
    suspend_ignored: "ここでは Ctrl-Z は無視されます: q で終了してください — 実行はジャーナルに残り、次回の起動で続行します。",
    paste_ignored: "貼り付けを無視しました: 入力欄が開いていません (貼り付けた文字はコマンドとして読まれません)。",
    too_small: "端末が小さすぎます: keystore-wizard には 60×16 以上が必要です。",
    all_done: "すべてのステージが完了しました: キーストアは CONNECTED で、最初のキーで暗号化と復号ができます。",
    cli_title: "同等の AWS CLI コマンド (シークレットはマスク済み)",
    log_file: "ログ",
    resume_offer: "ジャーナルに未完了の実行があります。実行すると続きから再開します。",
    confirm_mismatch: "パスワードが一致しません。",
    created_resources: "作成済み",
    picker_title: "このリージョンのサブネット (AZ ごとに 1 つ、2 つ以上の AZ、同じ VPC):",
    picker_loading: "サブネットを読み込み中 (DescribeSubnets)…",
    picker_hint: "スペース: 選択 · Enter: 選択したサブネットを使用 · n/Esc: 計画のネットワークのまま",
    teardown_title: "削除 — アカウント ID を入力するまで何も削除されません",
    teardown_scanning: "全リージョンをスキャン中…",
    teardown_plan: "計画 (依存関係の順):",
    teardown_hint: "x: 準備済みのステップを実行 · Esc: ステージに戻る",
    teardown_nothing: "今削除できるものはありません。Esc: 戻る",
    teardown_prompt: "確認のためアカウント ID を入力して Enter (Esc で取り消し):",
    teardown_mismatch: "このアカウントの ID ではありません。何も変更していません。もう一度どうぞ。",
    teardown_refused: "確認に 2 回失敗しました。何も変更していません。",
    teardown_running: "削除中… (ジャーナルがすべてのステップを記録します)",
    teardown_results: "完了:",
    teardown_remaining: "残っているもの:",
};

pub fn stage(id: &str) -> StageText {
    let (title, about, typical_wait) = match id {
        "preflight" => (
            "事前チェック",
            "アカウントとリージョンを確認し、すべてのステージのすべてのアクションを実行できるかを IAM に問い合わせます (SimulatePrincipalPolicy)。何かを作成する前に行います。",
            None,
        ),
        "admin" => (
            "管理者グループ",
            "CloudHSM ユーザーガイドのとおりにカスタマー管理ポリシー CloudHsmAdminPolicy を作成し、それをアタッチした CloudHsmAdministrator グループを作成します。",
            None,
        ),
        "network" => (
            "ネットワーク",
            "1 つの VPC の 2 つ以上のアベイラビリティーゾーンにプライベートサブネットを見つけるか作成します。各 HSM はサブネットのアドレスを 1 つ使い、接続されたキーストアはさらに 1 つ使います。",
            None,
        ),
        "cluster" => (
            "クラスター",
            "CloudHSM クラスターとそのセキュリティグループを作成します。アカウントで最初のクラスターは、CloudHSM が CloudWatch にログを書き込むためのサービスにリンクされたロール AWSServiceRoleForCloudHSM も作成します。",
            Some("数分"),
        ),
        "first_hsm" => (
            "最初の HSM",
            "HSM をちょうど 1 台作成します。それが ACTIVE になって初めてクラスターは CSR を示します。クラスターをアクティブ化するまで 2 台目の HSM は拒否されます。",
            Some("10〜20 分"),
        ),
        "initialize" => (
            "初期化",
            "クラスターの CSR を自己署名のルート証明書 (信頼アンカー) で署名し、クラスターを初期化します。AWS KMS は後で同じ信頼アンカーを確認します。",
            Some("約 5 分"),
        ),
        "activate" => (
            "アクティブ化",
            "アクティブ化では VPC 内のクライアントで CloudHSM CLI を使って管理者パスワードを設定します — API 呼び出しではありません。ウィザードがコマンドを示し、ACTIVE になるまで待ちます。",
            None,
        ),
        "second_hsm" => (
            "2 台目の HSM",
            "別のアベイラビリティーゾーンに HSM を追加します: キーストアには異なる AZ に 2 台のアクティブな HSM が必要です。",
            Some("10〜20 分"),
        ),
        "kmsuser" => (
            "kmsuser",
            "すべての HSM に暗号化ユーザー (CU) kmsuser を作成します。AWS KMS は kmsuser としてログインします。そのパスワードがキーストアのパスワードで、KMS は接続のたびにそれを変更します。",
            None,
        ),
        "key_store" => (
            "キーストア",
            "クラスターの信頼アンカーを使って AWS CloudHSM キーストア (カスタムキーストア) を作成します。アカウントで最初のキーストアは AWSServiceRoleForKeyManagementServiceCustomKeyStores ロールを作成します。",
            None,
        ),
        "connect" => (
            "接続",
            "キーストアを接続します: KMS がセキュリティグループとネットワークインターフェイスを作成し、kmsuser としてログインします。結果は CONNECTED、または理由付きの FAILED です。",
            Some("最大 20 分"),
        ),
        "first_key" => (
            "最初の KMS キー",
            "キーマテリアルがあなたのクラスターにある対称 KMS キー (Origin AWS_CLOUDHSM) とエイリアスを作成し、暗号化と復号の往復で確かめます。",
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

/// キー付きテンプレート (`{name}` を値で置き換え)。対処手順は 1 行に 1 つ。
pub static TEXT: &[(&str, &str)] = &[
    (
        "err.OperatorStepFailed",
        "オペレーターの作業が失敗しました: {detail}",
    ),
    ("fix.OperatorStepFailed", ""),
    (
        "err.ActivationFailed",
        "cluster activate が失敗しました: {output}",
    ),
    (
        "fix.ActivationFailed",
        "アクティブ化のコマンドを手動で実行してから setup --resume を実行してください。",
    ),
    ("err.KeyStoreGoneNow", "キーストア {id} はもう存在しません"),
    ("fix.KeyStoreGoneNow", ""),
    (
        "err.StillConnecting",
        "{minutes} 分たってもキーストアはまだ {state} です",
    ),
    (
        "fix.StillConnecting",
        "終了して後で setup --resume を実行してください。接続の試行は続いています。",
    ),
    ("err.NoKeyStore", "この実行にはまだキーストアがありません"),
    ("fix.NoKeyStore", ""),
    ("err.NoCluster", "この実行にはまだクラスターがありません"),
    ("fix.NoCluster", "setup を最初から実行してください。"),
    (
        "err.ClusterGone",
        "この実行で作成したクラスター {id} はもう存在しません (ウィザードの外で削除されましたか?)",
    ),
    (
        "fix.ClusterGone",
        "別の --state-dir で新しい実行を始めるか、バックアップからクラスターを復元してください。",
    ),
    (
        "err.HsmDegraded",
        "HSM {id} は DEGRADED です: ACTIVE にはなりません",
    ),
    (
        "fix.HsmDegraded",
        "HSM {id} を削除し、setup --resume で作り直してください。",
    ),
    (
        "err.ClusterState",
        "クラスター {id} は {state} です: {message}",
    ),
    (
        "fix.ClusterState",
        "CloudHSM コンソールでクラスターを確認し、正常になったら setup --resume を実行してください。",
    ),
    (
        "err.StillInProgress",
        "{minutes} 分たっても {what} はまだ {state} です",
    ),
    (
        "fix.StillInProgress",
        "何も失われていません: 終了して後で setup --resume を実行してください。",
    ),
    (
        "err.AliasInUse",
        "{alias} は既にキー {target} を指しており、そのキーはこのキーストアにありません",
    ),
    ("fix.AliasInUse", "計画で別の key.alias を選んでください。"),
    (
        "err.RoundTripFailed",
        "キー {key} は暗号化したものを復号できませんでした",
    ),
    ("fix.RoundTripFailed", ""),
    (
        "err.CaKeyNotWritten",
        "CA キーを {path} に書き込めません: {detail}",
    ),
    (
        "fix.CaKeyNotWritten",
        "既存の非公開ディレクトリで、同名のファイルが無いパスを選んでください (上書きはしません)。",
    ),
    ("err.NoCsr", "クラスターにまだ CSR がありません"),
    (
        "fix.NoCsr",
        "最初の HSM が ACTIVE になったら setup --resume を実行してください。",
    ),
    (
        "err.PkiFailed",
        "ルート証明書を作成できませんでした: {detail}",
    ),
    ("fix.PkiFailed", ""),
    (
        "err.CsrRejected",
        "クラスターの CSR に署名できません: {detail}",
    ),
    ("fix.CsrRejected", ""),
    (
        "err.KeyStoreGone",
        "この実行で作成したキーストア {id} はもう存在しません",
    ),
    (
        "fix.KeyStoreGone",
        "別の --state-dir で新しい実行を始めてください。",
    ),
    (
        "err.KeyStoreNameInUse",
        "クラスター {cluster} には {name} という名前のキーストアが既にあります",
    ),
    (
        "fix.KeyStoreNameInUse",
        "計画で別の key_store.name を選んでください。",
    ),
    (
        "err.TrustAnchorUnknown",
        "この実行はクラスター {cluster} の信頼アンカーを知りません",
    ),
    (
        "fix.TrustAnchorUnknown",
        "このウィザードでクラスターを初期化するか、新しい実行を始めてください。",
    ),
    (
        "err.KmsuserStepFailed",
        "オペレーターの作業が失敗しました: {detail}",
    ),
    (
        "fix.KmsuserStepFailed",
        "CloudHSM CLI で kmsuser を手動で作成してから setup --resume を実行してください。",
    ),
    ("err.UnknownStage", "{stage} というステージはありません"),
    ("fix.UnknownStage", ""),
    (
        "err.SubnetsInSeveralVpcs",
        "サブネットが {n} 個の VPC にまたがっています。クラスターのサブネットは 1 つの VPC になければなりません",
    ),
    (
        "fix.SubnetsInSeveralVpcs",
        "network.subnet_ids には 1 つの VPC のサブネットを指定してください。",
    ),
    (
        "err.OneSubnetPerAz",
        "{az} に 2 つのサブネットがあります。CloudHSM はアベイラビリティーゾーンごとに 1 つのサブネットを使います",
    ),
    (
        "fix.OneSubnetPerAz",
        "network.subnet_ids では AZ ごとにサブネットを 1 つにしてください。",
    ),
    (
        "err.OneAzOnly",
        "すべてのサブネットが 1 つのアベイラビリティーゾーンにあります。キーストアには 2 つの AZ の HSM が必要です",
    ),
    (
        "fix.OneAzOnly",
        "同じ VPC の 2 つ目の AZ にサブネットを追加してください。",
    ),
    (
        "err.InsufficientFreeAddresses",
        "サブネット {subnet} の空きアドレスは {free} 個です。{needed} 個必要です (HSM と AWS KMS のインターフェイス)",
    ),
    (
        "fix.InsufficientFreeAddresses",
        "サブネットのアドレスを空けるか、余裕のあるサブネットを選んでください。",
    ),
    (
        "err.NoFreeAz",
        "別のサブネットに使えるアベイラビリティーゾーンが残っていません",
    ),
    ("fix.NoFreeAz", ""),
    (
        "err.SubnetNotFound",
        "計画のサブネットの一部がこのリージョンに存在しません",
    ),
    (
        "fix.SubnetNotFound",
        "network.subnet_ids とリージョンを確認してください。",
    ),
    (
        "err.WrongAccount",
        "認証情報はアカウント {me} のものですが、この実行のジャーナルはアカウント {previous} のものです。何も変更していません",
    ),
    (
        "fix.WrongAccount",
        "ジャーナルのアカウントの認証情報を使うか、新しい実行には別の --state-dir を使ってください。",
    ),
    (
        "err.PermissionsMissing",
        "{arn} には、このセットアップに必要なアクション {n} 個のアクセス許可がありません。何も作成していません",
    ),
    ("fix.PermissionsMissing", "{item} を許可してください"),
    (
        "err.WrongRegion",
        "この実行のジャーナルは {journal} 用で、{region} 用ではありません",
    ),
    (
        "fix.WrongRegion",
        "ジャーナルのリージョンを使うか、新しい実行には別の --state-dir を使ってください。",
    ),
    (
        "err.JournalError",
        "実行のジャーナルを保存できなかったため、次の変更の前に停止しました: {detail}",
    ),
    (
        "fix.JournalError",
        "ディスクの空きを作るか状態ディレクトリのアクセス許可を直してから setup --resume を実行してください。",
    ),
    ("err.NothingToResume", "{dir} には再開する実行がありません"),
    (
        "fix.NothingToResume",
        "--resume を付けずに setup を実行して開始してください。",
    ),
    (
        "err.NotConfirmed",
        "実行が確認されなかったため、何も作成していません",
    ),
    (
        "fix.NotConfirmed",
        "--yes を付けるか、確認で yes と答えてください。",
    ),
    (
        "fix.AccessDenied",
        "呼び出し元にこの呼び出し ({operation}) のアクセス許可を与えるか、それを持つプリンシパルで実行してください。",
    ),
    (
        "fix.Transient",
        "通常は一時的なものです: `keystore-wizard setup --resume` を実行すると、停止したところから続行します。",
    ),
    (
        "fix.AwsOther",
        "上に示した原因を直してから `keystore-wizard setup --resume` を実行してください。",
    ),
    (
        "fix.IncorrectTrustAnchor",
        "信頼アンカーはクラスターの初期化に使った証明書でなければなりません ({path})。",
    ),
    (
        "fix.ConnectResume",
        "その後 `keystore-wizard setup --resume` を実行してください: 切断し、パスワードが与えられれば更新し、再接続します。",
    ),
    (
        "fix.SessionFailed",
        "認証情報とリージョンを確認してください。q で終了します。",
    ),
    (
        "ask.confirm",
        "アカウント {account}、リージョン {region} に CloudHSM と KMS のリソースを作成しますか? HSM は 1 台あたり 1 時間約 1.50 ドルかかります。続けるには yes と入力してください: ",
    ),
    (
        "connect.INTERNAL_ERROR",
        "内部エラーのため、AWS KMS はリクエストを完了できませんでした。",
    ),
    (
        "connect.INTERNAL_ERROR.fix",
        "キーストアを切断します。\nもう一度接続します。",
    ),
    (
        "connect.NETWORK_ERRORS",
        "ネットワークエラーのため AWS KMS がクラスターに到達できません (通常は一時的)。",
    ),
    (
        "connect.NETWORK_ERRORS.fix",
        "キーストアを切断し、数分待ちます。\nクラスターのセキュリティグループとネットワーク ACL が VPC 内の TCP 2223-2225 を許可しているか確認します。\nもう一度接続します。",
    ),
    (
        "connect.CLUSTER_NOT_FOUND",
        "AWS KMS はクラスターを見つけられません: ID が誤っているか、クラスターが削除されました。",
    ),
    (
        "connect.CLUSTER_NOT_FOUND.fix",
        "元のクラスターのバックアップからクラスターを復元します。\nキーストアを切断します。\n新しい CloudHsmClusterId で UpdateCustomKeyStore を実行します。\nもう一度接続します。",
    ),
    (
        "connect.INSUFFICIENT_CLOUDHSM_HSMS",
        "クラスターにアクティブな HSM がありません。",
    ),
    (
        "connect.INSUFFICIENT_CLOUDHSM_HSMS.fix",
        "クラスターに HSM を追加します (異なるアベイラビリティーゾーンに 2 台が望ましい)。\nACTIVE になるのを待ってから、もう一度接続します。",
    ),
    (
        "connect.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
        "クラスターのサブネットに空き IP アドレスがありません。AWS KMS は各サブネットに 1 つ (2 つが望ましい) 必要です。",
    ),
    (
        "connect.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET.fix",
        "クラスターのサブネットのアドレスを空けるか、余裕のあるサブネットにクラスターを復元します。\n切断してから、もう一度接続します。",
    ),
    (
        "connect.INVALID_CREDENTIALS",
        "キーストアのパスワードがクラスターの kmsuser のパスワードと一致しません。",
    ),
    (
        "connect.INVALID_CREDENTIALS.fix",
        "クラスターの kmsuser のパスワードを変更します (CloudHSM CLI: user change-password)。\nキーストアを切断します。\n同じ KeyStorePassword で UpdateCustomKeyStore を実行します。\nもう一度接続します。",
    ),
    (
        "connect.SUBNET_NOT_FOUND",
        "クラスターのサブネットが削除されました。",
    ),
    (
        "connect.SUBNET_NOT_FOUND.fix",
        "既存のサブネットにバックアップからクラスターを作成します。\n切断し、新しいクラスター ID で UpdateCustomKeyStore を実行します。\nもう一度接続します。",
    ),
    (
        "connect.USER_LOCKED_OUT",
        "ログインの失敗が多すぎたため kmsuser がロックされています。",
    ),
    (
        "connect.USER_LOCKED_OUT.fix",
        "キーストアを切断します。\n管理者として kmsuser のパスワードを変更します (CloudHSM CLI)。\n新しい KeyStorePassword で UpdateCustomKeyStore を実行します。\nもう一度接続します。",
    ),
    (
        "connect.USER_LOGGED_IN",
        "kmsuser がクラスターにログインしているため、AWS KMS は kmsuser としてログインできません。",
    ),
    (
        "connect.USER_LOGGED_IN.fix",
        "すべての CloudHSM CLI セッションで kmsuser をログアウトします。\nパスワードを変更した場合は、キーストアのパスワードを更新します。\nもう一度接続します。",
    ),
    (
        "connect.USER_NOT_FOUND",
        "クラスターに暗号化ユーザー kmsuser がいないか、一部の HSM にいません。",
    ),
    (
        "connect.USER_NOT_FOUND.fix",
        "すべての HSM に kmsuser を暗号化ユーザーとして作成します (CloudHSM CLI: user create --username kmsuser --role crypto-user)。\nパスワードが異なる場合は、キーストアのパスワードを更新します。\nもう一度接続します (keystore-wizard setup --resume が切断して再接続します)。",
    ),
    (
        "connect.UNKNOWN",
        "AWS KMS が、このプログラムの知らない接続エラーを報告しました。",
    ),
    (
        "connect.UNKNOWN.fix",
        "キーストアを切断し、クラスターを確認して、もう一度接続します。",
    ),
    (
        "guard.blocklist",
        "アカウント {account} は設定のブロックリストにあります",
    ),
    (
        "guard.term",
        "アカウント {account} のエイリアス「{alias}」にブロック対象の語「{term}」が含まれています",
    ),
    (
        "guard.unreadable",
        "アカウント {account} のエイリアスを読み取れなかった ({code}) ため、ブロック対象の語を確認できません",
    ),
    (
        "guard.bypassed",
        "2 つのキーでアカウントガードを回避しました: {reason}",
    ),
    ("guard.refused", "{reason}。何も変更していません"),
    (
        "guard.fix",
        "別のアカウントの認証情報を使うか、設定の account_guard のリストを変更してください。",
    ),
    (
        "guard.missing",
        "それでもこのアカウントで進めるには 2 つのキーが必要です。足りないもの: {missing}。",
    ),
    (
        "guard.missing_both",
        "--bypass-account-guard フラグと、設定の account_guard.bypass にあるアカウント ID",
    ),
    (
        "guard.missing_flag",
        "--bypass-account-guard フラグ (設定の bypass にはアカウントがあります)",
    ),
    (
        "guard.missing_config",
        "設定の account_guard.bypass にあるアカウント ID (フラグだけでは足りません)",
    ),
    (
        "h.run",
        "実行 {run}: アカウント {account}、リージョン {region}、{target}",
    ),
    ("h.created", "{kind} {id} を作成しました"),
    (
        "h.found",
        "{kind} {id} が見つかりました (既に存在するため、作成し直しません)",
    ),
    (
        "h.slr",
        "サービスにリンクされたロール {role} (信頼するプリンシパル {principal}、ポリシー {policy}): {status}",
    ),
    ("h.slr.created", "このステップで作成"),
    ("h.slr.existed", "既に存在"),
    ("h.slr.absent", "存在しない"),
    (
        "h.slr.not_applicable",
        "対象外: マルチリージョンキーはカスタムキーストアに置けないため、このフローでは作成されません",
    ),
    ("h.slr.unknown", "不明 (iam:GetRole が拒否されました)"),
    ("h.warning", "警告 {reason}"),
    (
        "h.permission",
        "{stage} のアクセス許可 {action}: {decision}",
    ),
    ("h.waiting", "待機中: {what}: {state} ({elapsed} 秒)"),
    (
        "h.operator.sandbox",
        "サンドボックスで実行しました (AWS ではご自身で実行します):",
    ),
    (
        "h.operator.you",
        "あなたの番です — CloudHSM CLI でこれらを実行してから `keystore-wizard setup --resume` を実行してください:",
    ),
    ("h.error", "{stage} でエラー: {code}: {meaning}"),
    (
        "wait.cluster to leave CREATE_IN_PROGRESS",
        "クラスターが CREATE_IN_PROGRESS を抜けるのを待機",
    ),
    (
        "wait.first HSM to be ACTIVE and the CSR to appear",
        "最初の HSM が ACTIVE になり CSR が現れるのを待機",
    ),
    (
        "wait.cluster to be INITIALIZED",
        "クラスターが INITIALIZED になるのを待機",
    ),
    (
        "wait.cluster to be ACTIVE",
        "クラスターが ACTIVE になるのを待機",
    ),
    (
        "wait.both HSMs to be ACTIVE in two AZs",
        "2 つの AZ の HSM が両方 ACTIVE になるのを待機",
    ),
    (
        "wait.key store to settle",
        "キーストアの状態が落ち着くのを待機",
    ),
    ("wait.key store to disconnect", "キーストアの切断を待機"),
    (
        "wait.key store to connect (AWS: up to 20 minutes)",
        "キーストアの接続を待機 (AWS: 最大 20 分)",
    ),
    (
        "wait.the cluster CSR changed since it was read; signing the new one",
        "読み取り後にクラスターの CSR が変わりました。新しい CSR に署名します",
    ),
    (
        "wait.every HSM of the cluster to be deleted",
        "クラスターのすべての HSM の削除を待機",
    ),
    (
        "wait.cluster to be DELETED",
        "クラスターが DELETED になるのを待機",
    ),
    (
        "wait.service-linked role deletion",
        "サービスにリンクされたロールの削除を待機",
    ),
    (
        "td.region_unreadable",
        "リージョンを読み取れませんでした: {reason}",
    ),
    (
        "td.foreign_store",
        "他者のキーストア {name} (--include {id} で選択できます)",
    ),
    (
        "td.keys_pending",
        "{n} 個の KMS キーの削除待機期間が先に終わる必要があります (AWS は削除保留中のキーも数えます)",
    ),
    (
        "td.foreign_cluster",
        "他者のクラスター (--include {id} で選択できます)",
    ),
    (
        "td.backups_kept",
        "--delete-backups を付けない限りバックアップは残します",
    ),
    (
        "td.foreign_backup",
        "他者のバックアップ (--include {id} で選択できます)",
    ),
    ("td.mrk_role", "このフローの対象外: 一切触れません"),
    (
        "td.kcks_role",
        "AWS はこのロールを削除する手順を文書化しておらず、キーストアが無ければ KMS はこのロールを使いません。それでも試すには --delete-key-store-role を付けてください",
    ),
    (
        "td.key_not_pending",
        "ScheduleKeyDeletion の後もキー {key} は {state} です",
    ),
    ("td.key_deleted_on", "{date} に AWS が削除します"),
    ("td.already_pending", "既に削除保留中"),
    (
        "td.store_still_there",
        "キーストア {id} はまだ存在します ({state})",
    ),
    ("td.deletion_started", "削除を開始しました"),
    ("td.hsms_left", "HSM が残り {n} 台"),
    ("td.backup_state", "バックアップ {id} は {state} です"),
    (
        "td.backup_pending",
        "削除保留中 (AWS が 7 日後に削除します)",
    ),
    ("td.group_still_there", "グループ {id} はまだ存在します"),
    ("td.policy_still_there", "ポリシー {id} はまだ存在します"),
    ("td.unknown_action", "不明な削除アクション {action}"),
    ("td.already_gone", "既に存在しません"),
    ("td.deleted", "削除しました"),
    (
        "td.role_refused",
        "AWS が拒否しました: まだ使用中です: {usage}",
    ),
    (
        "td.task_gone",
        "タスクは消えましたが、ロールはまだ一覧にあります",
    ),
    (
        "td.task_still",
        "{minutes} 分たっても削除タスクはまだ {state} です",
    ),
    (
        "td.role_still_there",
        "削除タスクの終了後も {name} はまだ存在します",
    ),
    ("td.nothing_left", "残っているものはありません"),
    (
        "td.countdown",
        "削除: {left} 秒後に {ready} 個のステップを開始します — Ctrl-C で取り消し。まだ何も変更していません",
    ),
    (
        "td.cancelled",
        "カウントダウン中に削除を取り消しました。何も変更していません",
    ),
    ("td.plan", "削除の計画:"),
    (
        "td.dry_run",
        "ドライラン: 何も変更していません。[準備済み] のステップを実行するには: teardown --execute --confirm {account}",
    ),
    ("td.results", "削除の結果:"),
    ("td.remaining", "残っているもの:"),
    (
        "td.come_back",
        "{date} 以降にもう一度 `keystore-wizard teardown --execute --confirm {account}` を実行してください",
    ),
    (
        "td.steps_failed",
        "{n} 個の削除ステップが失敗しました。隠しているものはありません: 上を見て直し、もう一度実行してください",
    ),
    (
        "inv.partial",
        "スキャンしていないリージョンがあります (--regions all を使ってください)",
    ),
    ("inv.blocker_unknown", "{region}: 不明 ({reason})"),
    (
        "inv.blocker_cluster",
        "{region}: クラスター {id} は {state} です",
    ),
    (
        "inv.blocker_store",
        "{region}: キーストア {id} が存在します",
    ),
    (
        "rep.account",
        "アカウント {account} · {n} リージョン {scope}",
    ),
    ("rep.every_region", "(有効なすべてのリージョン)"),
    ("rep.some_regions", "(一部のリージョンのみ)"),
    ("rep.unknown", "{region}: 不明 (UNKNOWN) — {reason}"),
    ("rep.ours", "このツールのもの"),
    ("rep.foreign", "他者のもの"),
    (
        "rep.cluster",
        "  クラスター {id} {state} ({owner}) HSM: [{hsms}]",
    ),
    ("rep.key_deleted_on", "{id} {state} ({date} に削除)"),
    (
        "rep.store",
        "  キーストア {id} 「{name}」 {state} クラスター {cluster} ({owner}) キー: [{keys}]",
    ),
    (
        "rep.backup",
        "  バックアップ {id} (クラスター {cluster}) {state}",
    ),
    (
        "rep.empty_regions",
        "{n} リージョン: クラスター、キーストア、バックアップなし",
    ),
    ("rep.roles", "サービスにリンクされたロール:"),
    ("rep.exists", "存在します"),
    ("rep.absent", "存在しません"),
    ("rep.unblocked", " — 削除を妨げるものはありません"),
    ("rep.blocked_by", " — 削除できない理由: {blockers}"),
    (
        "rep.role",
        "  {name} (信頼するプリンシパル {principal}): {state}{blockers}",
    ),
    ("rep.ready", "準備済み"),
    ("rep.waits_until", "{date} まで待機"),
    ("rep.blocked", "ブロック"),
    ("rep.left_alone", "対象外"),
    ("rep.done", "完了"),
    ("rep.failed", "失敗"),
    (
        "cli.regions_empty",
        "--regions: `all` か、us-east-1,eu-west-1 のようなカンマ区切りのリストを指定してください",
    ),
    (
        "cli.region_bad",
        "--regions: `{region}` はリージョン名ではありません",
    ),
    (
        "cli.include_bad",
        "--include {id}: クラスター (cluster-…)、バックアップ (backup-…)、キーストア (cks-…)、KMS キーの ID のいずれでもありません",
    ),
    (
        "cli.window_bad",
        "--pending-window-days は 7〜30 です (AWS KMS の待機期間)",
    ),
    (
        "cli.confirm_missing",
        "--execute には --confirm <ACCOUNT_ID> が必要です: 認証情報が属するアカウント ID",
    ),
    (
        "cli.confirm_mismatch",
        "--confirm {given} はこの認証情報のアカウント ({account}) と一致しません。何も変更していません",
    ),
    (
        "cli.delete_iam_unknown",
        "--delete-iam: この状態ディレクトリのジャーナルには、ウィザードが作成した IAM グループとポリシーがありません",
    ),
    (
        "cli.no_tty",
        "ウィザードには対話型の端末が必要です。非対話で使うには `keystore-wizard setup --plan FILE` を実行してください (README を参照)",
    ),
    (
        "cli.plan_unreadable",
        "計画 {path} を読み取れません: {detail}",
    ),
    ("cli.terminal", "この端末を使えません: {detail}"),
    (
        "cli.until_bad",
        "--until {stage}: そのようなステージはありません。次のいずれかを使ってください: {ids}",
    ),
    ("plan.error", "{line} 行 {column} 列: {rule}"),
    (
        "plan.error_field",
        "{line} 行 {column} 列: {field} = {value}: {rule}",
    ),
    (
        "rule.a Region name such as us-east-1",
        "us-east-1 のようなリージョン名",
    ),
    (
        "rule.one of hsm1.medium, hsm2m.medium",
        "hsm1.medium、hsm2m.medium のいずれか",
    ),
    ("rule.FIPS or NON_FIPS", "FIPS または NON_FIPS"),
    (
        "rule.NON_FIPS is only available with hsm2m.medium (and cannot be changed later)",
        "NON_FIPS は hsm2m.medium でのみ使えます (後から変更できません)",
    ),
    ("rule.7 to 379 days", "7〜379 日"),
    ("rule.2048 or 4096", "2048 または 4096"),
    ("rule.1 to 64 characters", "1〜64 文字"),
    (
        "rule.1 to 3650 days (shorter than the root's ten years)",
        "1〜3650 日 (ルートの 10 年より短く)",
    ),
    (
        "rule.an absolute path (the CA key is written there with mode 0600)",
        "絶対パス (CA キーはモード 0600 でそこに書き込まれます)",
    ),
    (
        "rule.1 to 256 printable characters (it appears in CloudTrail logs: no secrets)",
        "印字可能な 1〜256 文字 (CloudTrail ログに出るため、シークレットは不可)",
    ),
    (
        "rule.alias/ followed by letters, digits, /, _ or - (alias/aws/ is reserved)",
        "alias/ に続けて英字、数字、/、_、- (alias/aws/ は予約済み)",
    ),
    ("rule.at most 8192 characters", "8192 文字以内"),
    (
        "rule.at least two subnets, in different Availability Zones (a key store needs HSMs in two AZs)",
        "異なるアベイラビリティーゾーンに 2 つ以上のサブネット (キーストアには 2 つの AZ の HSM が必要)",
    ),
    ("rule.at most 10 subnets", "サブネットは 10 個以内"),
    (
        "rule.a subnet id such as subnet-0123456789abcdef0",
        "subnet-0123456789abcdef0 のようなサブネット ID",
    ),
    ("rule.each subnet once", "各サブネットは 1 回だけ"),
    (
        "rule.an IPv4 CIDR block from /16 to /28 with no host bits set",
        "ホスト部が 0 の /16〜/28 の IPv4 CIDR ブロック",
    ),
    (
        "rule.at least two subnets, in different Availability Zones",
        "異なるアベイラビリティーゾーンに 2 つ以上のサブネット",
    ),
    (
        "rule.a /16../28 CIDR inside the VPC's block",
        "VPC のブロック内の /16〜/28 の CIDR",
    ),
    (
        "rule.subnets must not overlap",
        "サブネットは重なってはいけません",
    ),
    (
        "rule.one subnet per Availability Zone",
        "アベイラビリティーゾーンごとにサブネット 1 つ",
    ),
    (
        "rule.IAM names are 1 to 128 characters of letters, digits and _+=,.@-",
        "IAM 名は英字、数字、_+=,.@- の 1〜128 文字",
    ),
    (
        "rule.IAM names are 1 to 64 characters of letters, digits and _+=,.@-",
        "IAM 名は英字、数字、_+=,.@- の 1〜64 文字",
    ),
    (
        "rule.give subnet_ids or a [network.create_vpc] table",
        "subnet_ids か [network.create_vpc] テーブルを指定してください",
    ),
    (
        "pw.length",
        "{what} は 7〜32 文字でなければなりません (現在 {n} 文字)",
    ),
    (
        "pw.charset",
        "{what} に使えるのは英字 A-Z、a-z と数字 0-9 だけです (記号や空白は不可)",
    ),
    ("pw.unreadable", "{path} を読み取れません: {detail}"),
    (
        "pw.mode",
        "{path} はグループや他者が読み取れます (モード {mode})。chmod 600 を実行してください",
    ),
    (
        "pw.missing",
        "kmsuser のパスワードがありません: {env} を設定するか --kmsuser-password-file を指定してください",
    ),
    ("what.kmsuser password", "kmsuser のパスワード"),
    (
        "what.crypto-officer (admin) password",
        "暗号責任者 (admin) のパスワード",
    ),
    ("in.admin", "グループ {group} · ポリシー {policy}"),
    ("in.subnets", "サブネット {ids}"),
    ("in.any_az", "(任意の AZ)"),
    ("in.new_vpc", "新しい VPC {cidr} · サブネット {subnets}"),
    (
        "in.cluster",
        "HSM タイプ {type} · モード {mode} · バックアップ {days} 日",
    ),
    (
        "in.initialize",
        "ルート CA RSA {bits} 「{name}」 · クラスター証明書 {days} 日",
    ),
    ("in.kmsuser", "kmsuser のパスワード: ********"),
    ("in.key_store", "名前 {name}"),
    ("in.first_key", "エイリアス {alias} · {description}"),
    ("in.choice", "{value} (スペース: 次の選択肢)"),
    ("field.admin.group", "IAM グループ"),
    ("field.admin.policy", "IAM ポリシー"),
    ("field.cluster.hsm_type", "HSM タイプ"),
    ("field.cluster.mode", "モード"),
    ("field.cluster.backup_retention_days", "バックアップ日数"),
    ("field.pki.key_bits", "CA キー (RSA ビット)"),
    ("field.pki.common_name", "CA の名前"),
    ("field.kmsuser_password", "kmsuser パスワード"),
    ("field.kmsuser_confirm", "確認"),
    ("field.key_store.name", "キーストア名"),
    ("field.key.alias", "エイリアス"),
    ("field.key.description", "説明"),
];
