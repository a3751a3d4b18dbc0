//! Durations in virtual seconds, chosen to resemble what AWS takes.

pub const CLUSTER_CREATE: f64 = 240.0;
pub const HSM_CREATE: f64 = 600.0;
pub const CLUSTER_INITIALIZE: f64 = 300.0;
pub const HSM_DELETE: f64 = 180.0;
pub const CLUSTER_DELETE: f64 = 120.0;
/// AWS says a connect can take up to 20 minutes; typical runs take several.
pub const STORE_CONNECT: f64 = 480.0;
pub const STORE_DISCONNECT: f64 = 60.0;
pub const SLR_DELETION: f64 = 10.0;
/// How long a DELETED cluster is still listed by DescribeClusters.
pub const DELETED_CLUSTER_LISTED: f64 = 86400.0;
pub const BACKUP_PENDING_DELETION: f64 = 7.0 * 86400.0;
/// CopyBackupToRegion until the copy is READY (minutes, like an HSM's backup).
pub const BACKUP_COPY: f64 = 900.0;
pub const DAY: f64 = 86400.0;
