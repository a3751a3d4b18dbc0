//! 日本語. Terms follow the AWS Japanese documentation (the KMS Developer Guide in Japanese): カスタムキーストア,
//! サービスにリンクされたロール, キーポリシー, クラスター, アクセス許可, リージョン.
//! AWS names (roles, API operations, error codes, states) stay as they are.

use super::{StageText, Strings};
use crate::stages::StageId;

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
    client_cost_note: "クライアント: t3.micro は 1 時間約 0.0104 ドル (us-east-1) で、接続後に終了されるまでかかります。SSM のインターフェイスエンドポイントはサブネットごとに 1 時間約 0.01 ドルで、後片付けまでかかります。S3 ゲートウェイは無料です。",
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
        (
            "i",
            "CLI ホストで: 既存のインスタンスを使う (SSM で管理されていること)",
        ),
        ("c", "このステージと同等の AWS CLI コマンドを表示"),
        (
            "T",
            "削除 (ティアダウン): 全リージョンのインベントリと計画。アカウント ID の入力を求めます",
        ),
        (
            "P U R B",
            "デイツー: park、unpark、repair、restore (確認あり)",
        ),
        ("?", "このヘルプ"),
        ("q", "終了 (確認あり); Ctrl-C は実行中の呼び出しの後で停止"),
        ("Esc", "パネルを閉じる"),
    ],
    last_poll: "最後",
    not_found: "見つかりません (作成前の確認どおり)",
    non_fips_title: "NON_FIPS モードは元に戻せません",
    non_fips_body: "クラスターのモードは作成時に決まります。このクラスターとそのバックアップから復元したクラスターはすべて非 FIPS のままになり、HSM は FIPS 140-3 検証済みではありません。後で FIPS が必要になったら新しいクラスターを作成するしかありません。NON_FIPS モードで作成しますか? (y/n)",
    non_fips_cancelled: "確認されませんでした。何も作成していません。フォームでモードを変えるか、もう一度 Enter を押してください。",
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

/// (title, what the stage does, what AWS typically takes) of a stage.
pub fn stage(id: StageId) -> StageText {
    StageText::from(match id {
        StageId::Preflight => (
            "事前チェック",
            "アカウントとリージョンを確認し、すべてのステージのすべてのアクションを実行できるかを IAM に問い合わせます (SimulatePrincipalPolicy)。何かを作成する前に行います。",
            None,
        ),
        StageId::Admin => (
            "管理者グループ",
            "CloudHSM ユーザーガイドのとおりにカスタマー管理ポリシー CloudHsmAdminPolicy を作成し、それをアタッチした CloudHsmAdministrator グループを作成します。",
            None,
        ),
        StageId::Network => (
            "ネットワーク",
            "1 つの VPC の 2 つ以上のアベイラビリティーゾーンにプライベートサブネットを見つけるか作成します。各 HSM はサブネットのアドレスを 1 つ使い、接続されたキーストアはさらに 1 つ使います。",
            None,
        ),
        StageId::Cluster => (
            "クラスター",
            "CloudHSM クラスターとそのセキュリティグループを作成します。アカウントで最初のクラスターは、CloudHSM が CloudWatch にログを書き込むためのサービスにリンクされたロール AWSServiceRoleForCloudHSM も作成します。",
            Some("数分"),
        ),
        StageId::ClientLaunch => (
            "CLI ホスト",
            "CloudHSM CLI 用の EC2 インスタンスを起動します (Amazon Linux 2023、パブリック IP なし、SSM だけで到達)。まず到達経路を確かめます (ウィザードが作った VPC ではエンドポイントを作ります)。接続後に終了。サービスにリンクされたロールは作りません。",
            Some("約 1 分"),
        ),
        StageId::FirstHsm => (
            "最初の HSM",
            "HSM をちょうど 1 台作成します。それが ACTIVE になって初めてクラスターは CSR を示します。クラスターをアクティブ化するまで 2 台目の HSM は拒否されます。",
            Some("10〜20 分"),
        ),
        StageId::Initialize => (
            "初期化",
            "クラスターの CSR を自己署名のルート証明書 (信頼アンカー) で署名し、クラスターを初期化します。AWS KMS は後で同じ信頼アンカーを確認します。",
            Some("約 5 分"),
        ),
        StageId::ClientPrepare => (
            "CLI 準備",
            "SSM Run Command で CloudHSM CLI をインストールし、トラストアンカー (公開情報) を /opt/cloudhsm/etc/customerCA.crt に書き、HSM のアドレスで configure-cli を実行します。コマンドにパスワードは入りません。2 台目の HSM の後にも実行します。",
            Some("約 2 分"),
        ),
        StageId::Activate => (
            "アクティブ化",
            "アクティブ化では VPC 内のクライアントで CloudHSM CLI を使って管理者パスワードを設定します — API 呼び出しではありません。ウィザードがコマンドを示し、ACTIVE になるまで待ちます。",
            None,
        ),
        StageId::SecondHsm => (
            "2 台目の HSM",
            "別のアベイラビリティーゾーンに HSM を追加します: キーストアには異なる AZ に 2 台のアクティブな HSM が必要です。",
            Some("10〜20 分"),
        ),
        StageId::Kmsuser => (
            "kmsuser",
            "すべての HSM に暗号化ユーザー (CU) kmsuser を作成します。AWS KMS は kmsuser としてログインします。そのパスワードがキーストアのパスワードで、KMS は接続のたびにそれを変更します。",
            None,
        ),
        StageId::KeyStore => (
            "キーストア",
            "クラスターの信頼アンカーを使って AWS CloudHSM キーストア (カスタムキーストア) を作成します。アカウントで最初のキーストアは AWSServiceRoleForKeyManagementServiceCustomKeyStores ロールを作成します。",
            None,
        ),
        StageId::Connect => (
            "接続",
            "キーストアを接続します: KMS がセキュリティグループとネットワークインターフェイスを作成し、kmsuser としてログインします。結果は CONNECTED、または理由付きの FAILED です。",
            Some("最大 20 分"),
        ),
        StageId::FirstKey => (
            "最初の KMS キー",
            "キーマテリアルがあなたのクラスターにある対称 KMS キー (Origin AWS_CLOUDHSM) とエイリアスを作成し、暗号化と復号の往復で確かめます。",
            None,
        ),
    })
}

/// The catalog: its parts (a key is in one part only; `tests/i18n.rs` checks).
pub static TEXT: &[&[(&str, &str)]] =
    &[super::ja_text::TEXT, super::ja_td::TEXT, super::ja_d2::TEXT];
