//! KMS (awsJson 1.1, `TrentService`): keys and aliases (`keys.rs`, whose `handle` dispatches every KMS operation), the
//! CloudHSM key stores (`store.rs`) and how a connect settles (`connect.rs`).

pub(crate) mod connect;
mod create;
pub(crate) mod keys;
pub(crate) mod store;
