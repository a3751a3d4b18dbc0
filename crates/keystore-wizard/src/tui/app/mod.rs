//! The TUI's state machine (Elm architecture): `App` is the model, `Msg` what happened (keys,
//! ticks, engine events, stage results), `Command` what the runtime should do next. `update` is
//! the only place state changes; `ui::render` only reads it. Knows nothing of terminals or AWS.

mod confirm;
mod form;
mod instances;
mod keys;
mod msg;
mod picker;
mod state;
mod teardown;
mod update;

pub use form::{Field, FieldKind, Form};
pub use msg::{Command, Msg, StageResult, TeardownChoice};
pub use state::{
    App, CallRow, ErrorView, InstancePicker, Overlay, SlrView, StageStatus, StageView,
    SubnetPicker, TeardownPhase, TeardownTab, TeardownView, WaitView,
};
pub use teardown::KEY_PREFIX;
