//! Confirmations of choices that cannot be undone, asked before the stage that makes them runs:
//! today the cluster's NON_FIPS mode (AWS never changes a cluster's mode after creation).

use super::msg::Command;
use super::state::{App, Overlay};
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    /// `y` confirms and runs the stage; any other key goes back to the form, nothing changed.
    pub(super) fn on_non_fips_key(&mut self, key: KeyEvent) -> Vec<Command> {
        self.overlay = Overlay::None;
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => {
                self.non_fips_confirmed = true;
                match self.next_stage() {
                    Some(next) => self.run(next),
                    None => Vec::new(),
                }
            }
            _ => {
                self.notice = Some(keystore_engine::i18n::strings().non_fips_cancelled.into());
                Vec::new()
            }
        }
    }
}
