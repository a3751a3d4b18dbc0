//! What the operator hands the wizard, each checked before any AWS call: the plan (`plan`) and
//! the secrets (`secrets`: the kmsuser password, never written anywhere).

pub mod plan;
pub mod secrets;
