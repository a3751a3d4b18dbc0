//! The English catalog of day two (`d2.` keys and the errors of park, unpark and repair), one
//! entry per line so it reads side by side with `ja_d2.rs`.

/// Keyed templates (`{name}` placeholders) of day two.
#[rustfmt::skip]
pub static TEXT: &[(&str, &str)] = &[
    ("d2.needs_yes", "{op} changes the account ({what}); nothing was changed. Run it again with --yes to go ahead."),
    ("d2.status_parked", "cluster {cluster} is parked: unpark brings back {n} HSM(s) at {places}; backup {backup} was taken as they went"),
    ("d2.status_cost", "cluster {cluster}: {n} HSM(s) now, about ${low}–${high} an hour"),
    ("d2.status_hours", "HSM-hours of the {n} HSM(s) this tool created: {hours} (from the journal; {unended} deleted outside it, their end unknown); HSMs it did not create: {others}, HSM-hours unknown (AWS gives no HSM creation time)"),
    ("d2.title.park", "park: disconnect the key store and delete the HSMs (the cluster and its backups stay)"),
    ("d2.title.unpark", "unpark: the HSMs back at their addresses, the store connected, the canary decrypted"),
    ("d2.title.repair", "repair: replace DEGRADED HSMs in their Availability Zones"),
    ("d2.KeysUnusable", "while the cluster is parked, the {n} KMS key(s) in the store cannot encrypt or decrypt (KMS answers KMSInvalidStateException); unpark brings them back"),
    ("d2.AlreadyParked", "cluster {cluster} has no HSM left: it is parked already"),
    ("d2.Parked", "parked: cluster {cluster} has no HSM; backup {backup} holds the keys; the HSMs come back at {places} with unpark"),
    ("d2.Unparked", "unparked: cluster {cluster} has {n} ACTIVE HSMs and the key store is CONNECTED"),
    ("d2.AddressTaken", "the old address {ip} in {az} is not free ({why}); the HSM gets another address in the same subnet"),
    ("d2.ClientConfigStale", "these HSMs came back at other addresses: {places}; a CloudHSM client configured for the old ones must be configured again (sudo /opt/cloudhsm/bin/configure-cli -a <the new addresses>)"),
    ("d2.CanaryDecrypted", "the canary made at setup decrypts under key {key}: the key material is back"),
    ("d2.NoCanary", "this run's setup made no canary; key {key} is proven with a fresh encrypt and decrypt instead"),
    ("d2.Replacing", "HSM {hsm} in {az} is DEGRADED: deleting it and creating another in {az}"),
    ("d2.NothingToRepair", "no HSM of cluster {cluster} is DEGRADED: nothing to repair"),
    ("err.ParkBackupOlderThanKey", "the newest backup ({backup}) is older than key {key}, so it would not hold that key; HSM {hsm} is kept"),
    ("fix.ParkBackupOlderThanKey", "Wait for CloudHSM's next backup (it takes one every day and whenever an HSM is added or removed), then run park again."),
    ("err.NotParked", "cluster {cluster} is not parked and has fewer than two ACTIVE HSMs"),
    ("fix.NotParked", "Run repair, or setup --resume, to bring the cluster to two ACTIVE HSMs."),
    ("err.HsmDegradedTwice", "the HSM created again in {az} ({id}) is DEGRADED too"),
    ("fix.HsmDegradedTwice", "Check the AWS Health Dashboard for {az}; then run repair, or choose another Availability Zone."),
    ("err.CanaryMismatch", "the canary did not decrypt to its text under key {key}"),
    ("fix.CanaryMismatch", "Do not use the key store: the cluster does not hold the key material this store had. Compare the cluster with the backup it came from."),
    ("err.NoKey", "this run has no KMS key yet"),
    ("fix.NoKey", "Run setup to its end first."),
];
