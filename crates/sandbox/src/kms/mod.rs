//! KMS (awsJson 1.1, `TrentService`): keys and aliases (`keys.rs`, whose `handle` dispatches every KMS operation), the
//! CloudHSM key stores (`store.rs`), how a connect settles (`connect.rs`), and grants and
//! enabling or disabling a key (`grants.rs`).

pub(crate) mod connect;
mod create;
mod grants;
pub(crate) mod keys;
pub(crate) mod store;
