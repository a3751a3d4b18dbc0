//! The run journal: what this run intends to create (written *before* each create call), what
//! it created (written the moment the call returns), the facts later stages and the teardown
//! need (ids, the public trust anchor), and each stage's status. One JSON file per state
//! directory, saved atomically (temp file, fsync, rename) with mode 0600 in a 0700 directory,
//! and guarded by an exclusive file lock so a second instance refuses to run. It never holds a
//! secret: there is no field a password or private key could go in.
//! Two stages in flight at once (`client_launch` beside `first_hsm`) write through two handles
//! of one journal (`fork`): every change is applied to the shared state under a mutex and saved
//! whole, so neither overwrites the other's records; each handle reads its own view, refreshed
//! on each of its writes and by `refresh`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub at: i64,
    pub stage: String,
    pub kind: String,
    /// intent | created | adopted | deleted
    pub status: String,
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RunData {
    pub schema: u32,
    pub run_id: String,
    pub account_id: Option<String>,
    pub region: String,
    pub target: String,
    pub started_at: i64,
    pub records: Vec<Record>,
    pub facts: BTreeMap<String, String>,
    pub stages: BTreeMap<String, String>,
}

#[derive(Debug)]
pub enum JournalError {
    Locked(String),
    Io(String),
    Corrupt(String),
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Locked(m) | Self::Io(m) | Self::Corrupt(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for JournalError {}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

struct Shared {
    _lock: File,
    data: Option<RunData>,
}

/// An open, locked journal directory.
pub struct Journal {
    dir: PathBuf,
    shared: std::sync::Arc<std::sync::Mutex<Shared>>,
    /// This handle's view of the shared state.
    data: Option<RunData>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("dir", &self.dir)
            .field("run", &self.data.as_ref().map(|d| &d.run_id))
            .finish()
    }
}

/// Parses journal bytes, refusing unknown schema versions and anything malformed.
pub fn parse(bytes: &[u8]) -> Result<RunData, JournalError> {
    let data: RunData = serde_json::from_slice(bytes)
        .map_err(|e| JournalError::Corrupt(format!("the journal is not valid: {e}")))?;
    if data.schema != SCHEMA {
        return Err(JournalError::Corrupt(format!(
            "the journal has schema {}, this program reads schema {SCHEMA}",
            data.schema
        )));
    }
    Ok(data)
}

impl Journal {
    /// Opens (creating it 0700 if needed) and locks `dir`.
    pub fn open(dir: &Path) -> Result<Self, JournalError> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| JournalError::Io(format!("cannot create {}: {e}", dir.display())))?;
        // The state directory is ours alone, even if it existed with looser permissions.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| {
            JournalError::Io(format!(
                "cannot restrict {} to its owner: {e}",
                dir.display()
            ))
        })?;
        let lock_path = dir.join("journal.lock");
        let mut lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| JournalError::Io(format!("cannot open {}: {e}", lock_path.display())))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
                return Err(JournalError::Locked(format!(
                    "another keystore-wizard ({}) is using {}; wait for it to finish",
                    holder.trim(),
                    dir.display()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(JournalError::Io(format!(
                    "cannot lock {}: {e}",
                    lock_path.display()
                )));
            }
        }
        let _ = lock.set_len(0);
        let _ = write!(lock, "pid {}", std::process::id());
        let path = dir.join("journal.json");
        let data = match std::fs::read(&path) {
            Ok(bytes) => Some(
                parse(&bytes)
                    .map_err(|e| JournalError::Corrupt(format!("{}: {e}", path.display())))?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(JournalError::Io(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        Ok(Self {
            dir: dir.to_path_buf(),
            shared: std::sync::Arc::new(std::sync::Mutex::new(Shared {
                _lock: lock,
                data: data.clone(),
            })),
            data,
        })
    }

    /// A second handle on the same journal, for a stage that runs beside another.
    pub fn fork(&self) -> Self {
        Self {
            dir: self.dir.clone(),
            shared: std::sync::Arc::clone(&self.shared),
            data: self.data.clone(),
        }
    }

    /// Takes in what other handles wrote.
    pub fn refresh(&mut self) {
        if let Ok(g) = self.shared.lock() {
            self.data = g.data.clone();
        }
    }

    /// Applies one change to the shared state, saves it, and refreshes this handle's view.
    fn change(&mut self, f: impl FnOnce(&mut RunData)) -> Result<(), JournalError> {
        let mut g = self
            .shared
            .lock()
            .map_err(|_| JournalError::Io("the journal's lock was poisoned".into()))?;
        let d = g
            .data
            .as_mut()
            .ok_or_else(|| JournalError::Io("the journal has no run yet".into()))?;
        f(d);
        let saved = save(&self.dir, g.data.as_ref());
        self.data = g.data.clone();
        saved
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn run(&self) -> Option<&RunData> {
        self.data.as_ref()
    }

    /// Starts a new run (or keeps the current one).
    pub fn begin(
        &mut self,
        run_id: &str,
        region: &str,
        target: &str,
    ) -> Result<&RunData, JournalError> {
        let mut g = self
            .shared
            .lock()
            .map_err(|_| JournalError::Io("the journal's lock was poisoned".into()))?;
        if g.data.is_none() {
            g.data = Some(RunData {
                schema: SCHEMA,
                run_id: run_id.into(),
                account_id: None,
                region: region.into(),
                target: target.into(),
                started_at: now(),
                records: Vec::new(),
                facts: BTreeMap::new(),
                stages: BTreeMap::new(),
            });
            save(&self.dir, g.data.as_ref())?;
        }
        self.data = g.data.clone();
        drop(g);
        self.data
            .as_ref()
            .ok_or_else(|| JournalError::Io("no run".into()))
    }

    pub fn fact(&self, key: &str) -> Option<&str> {
        self.data
            .as_ref()
            .and_then(|d| d.facts.get(key))
            .map(String::as_str)
    }

    pub fn set_fact(&mut self, key: &str, value: &str) -> Result<(), JournalError> {
        self.change(|d| {
            d.facts.insert(key.into(), value.into());
        })
    }

    pub fn set_account(&mut self, account: &str) -> Result<(), JournalError> {
        self.change(|d| d.account_id = Some(account.into()))
    }

    pub fn stage_status(&self, stage: &str) -> Option<&str> {
        self.data
            .as_ref()
            .and_then(|d| d.stages.get(stage))
            .map(String::as_str)
    }

    pub fn set_stage(&mut self, stage: &str, status: &str) -> Result<(), JournalError> {
        self.change(|d| {
            d.stages.insert(stage.into(), status.into());
        })
    }

    /// Records a create about to be sent. Call *before* the API call.
    pub fn intent(&mut self, stage: &str, kind: &str, name: &str) -> Result<(), JournalError> {
        self.record(stage, kind, "intent", None, Some(name))
    }

    /// Records a resource the moment its create returned (or was found and adopted).
    pub fn resource(
        &mut self,
        stage: &str,
        kind: &str,
        status: &str,
        id: &str,
    ) -> Result<(), JournalError> {
        self.record(stage, kind, status, Some(id), None)
    }

    fn record(
        &mut self,
        stage: &str,
        kind: &str,
        status: &str,
        id: Option<&str>,
        name: Option<&str>,
    ) -> Result<(), JournalError> {
        let r = Record {
            at: now(),
            stage: stage.into(),
            kind: kind.into(),
            status: status.into(),
            id: id.map(str::to_string),
            name: name.map(str::to_string),
        };
        self.change(|d| d.records.push(r))
    }

    /// Every resource id the journal says this run created or adopted, with its kind.
    pub fn resources(&self) -> Vec<(String, String)> {
        self.data.as_ref().map(resources_of).unwrap_or_default()
    }

    /// [`Journal::resources`] of the journal in `dir`, read without creating or locking
    /// anything (for `status`, which may run beside a setup); nothing when there is none.
    pub fn resources_in(dir: &Path) -> Vec<(String, String)> {
        std::fs::read(dir.join("journal.json"))
            .ok()
            .and_then(|b| parse(&b).ok())
            .map(|d| resources_of(&d))
            .unwrap_or_default()
    }

    /// Writes a file of this run next to the journal (0600, atomically); returns its path.
    pub fn write_file(&self, name: &str, contents: &[u8]) -> Result<PathBuf, JournalError> {
        let path = self.dir.join(name);
        atomic_write(&path, contents)
            .map_err(|e| JournalError::Io(format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    }
}

/// Writes the whole journal atomically.
fn save(dir: &Path, data: Option<&RunData>) -> Result<(), JournalError> {
    let Some(data) = data else {
        return Ok(());
    };
    let bytes = serde_json::to_vec_pretty(data).map_err(|e| JournalError::Io(e.to_string()))?;
    let path = dir.join("journal.json");
    atomic_write(&path, &bytes)
        .map_err(|e| JournalError::Io(format!("cannot save the journal {}: {e}", path.display())))
}

/// Temp file in the same directory, mode 0600, fsync, rename, fsync the directory.
pub fn atomic_write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn resources_of(d: &RunData) -> Vec<(String, String)> {
    d.records
        .iter()
        .filter(|r| r.status == "created" || r.status == "adopted")
        .filter_map(|r| r.id.clone().map(|id| (r.kind.clone(), id)))
        .collect()
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
