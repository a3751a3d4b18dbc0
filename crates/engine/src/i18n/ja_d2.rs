//! 日本語のデイツー (park, unpark, repair) のカタログ (`d2.` キーとエラー)。`en_d2.rs` と行ごとに
//! 並べて読めるよう、一行に一項目。

/// デイツーのテンプレート (`{name}` が差し込み)。
#[rustfmt::skip]
pub static TEXT: &[(&str, &str)] = &[
    ("d2.needs_yes", "{op} はアカウントを変更します ({what})。何も変更していません。実行するには --yes を付けてもう一度実行してください。"),
    ("d2.status_parked", "クラスター {cluster} は park されています: unpark で HSM {n} 台が {places} に戻ります。削除時にバックアップ {backup} が取られました"),
    ("d2.status_cost", "クラスター {cluster}: 現在 HSM {n} 台、1 時間あたり約 ${low}–${high}"),
    ("d2.status_hours", "このツールが作った HSM {n} 台の HSM 時間: {hours} (ジャーナルから。うち {unended} 台はジャーナル外で削除され終了時刻不明)。このツールが作っていない HSM: {others} 台、HSM 時間は不明 (AWS は HSM の作成時刻を返しません)"),
    ("d2.title.park", "park: キーストアを切断して HSM を削除します (クラスターとバックアップは残ります)"),
    ("d2.title.unpark", "unpark: HSM を元のアドレスに戻し、ストアを接続し、カナリアを復号します"),
    ("d2.title.repair", "repair: DEGRADED の HSM を同じアベイラビリティーゾーンで作り直します"),
    ("d2.KeysUnusable", "クラスターを park している間、ストアの KMS キー {n} 個は暗号化も復号もできません (KMS は KMSInvalidStateException を返します)。unpark で戻ります"),
    ("d2.AlreadyParked", "クラスター {cluster} には HSM がありません: すでに park されています"),
    ("d2.Parked", "park しました: クラスター {cluster} に HSM はありません。バックアップ {backup} がキーを保持しています。unpark で HSM は {places} に戻ります"),
    ("d2.Unparked", "unpark しました: クラスター {cluster} に ACTIVE の HSM が {n} 台あり、キーストアは CONNECTED です"),
    ("d2.AddressTaken", "{az} の元のアドレス {ip} は空いていません ({why})。HSM は同じサブネットの別のアドレスになります"),
    ("d2.ClientConfigStale", "次の HSM は別のアドレスで戻りました: {places}。古いアドレスで設定した CloudHSM クライアントは設定し直してください (sudo /opt/cloudhsm/bin/configure-cli -a <新しいアドレス>)"),
    ("d2.CanaryDecrypted", "セットアップで作ったカナリアがキー {key} で復号できました: キーマテリアルは戻っています"),
    ("d2.NoCanary", "この実行のセットアップはカナリアを作っていません。代わりにキー {key} で暗号化と復号を試して確かめます"),
    ("d2.Replacing", "{az} の HSM {hsm} は DEGRADED です: 削除して {az} に作り直します"),
    ("d2.NothingToRepair", "クラスター {cluster} に DEGRADED の HSM はありません: 修復するものはありません"),
    ("err.ParkBackupOlderThanKey", "最新のバックアップ ({backup}) はキー {key} より古く、そのキーを保持していません。HSM {hsm} は残します"),
    ("fix.ParkBackupOlderThanKey", "CloudHSM の次のバックアップ (毎日、および HSM の追加や削除のたびに取られます) を待ってから、もう一度 park を実行してください。"),
    ("err.NotParked", "クラスター {cluster} は park されておらず、ACTIVE の HSM が 2 台未満です"),
    ("fix.NotParked", "repair か setup --resume で、クラスターを ACTIVE の HSM 2 台にしてください。"),
    ("err.HsmDegradedTwice", "{az} に作り直した HSM ({id}) も DEGRADED です"),
    ("fix.HsmDegradedTwice", "{az} について AWS Health Dashboard を確認してから repair を実行するか、別のアベイラビリティーゾーンを選んでください。"),
    ("err.CanaryMismatch", "キー {key} でカナリアが元の文に復号されませんでした"),
    ("fix.CanaryMismatch", "このキーストアは使わないでください: クラスターはこのストアのキーマテリアルを保持していません。クラスターと元のバックアップを比べてください。"),
    ("err.NoKey", "この実行にはまだ KMS キーがありません"),
    ("fix.NoKey", "先にセットアップを最後まで実行してください。"),
];
