//! The instance picker of the client stage (`client.mode = "existing"`): the instances in the
//! cluster's VPC (id, Name tag, AZ, state, whether SSM manages them); Enter puts the chosen one
//! in the plan as `client.mode = "existing"` and `client.instance_id` — refused, with why, for
//! an instance SSM does not manage, since the wizard could never prepare it — and Esc leaves
//! the plan as it was.

use super::msg::{Command, Msg};
use super::state::{App, InstancePicker};
use crossterm::event::{KeyCode, KeyEvent};
use keystore_engine::i18n;
use keystore_engine::inputs::plan::Plan;

impl App {
    pub(super) fn open_instances(&mut self) -> Vec<Command> {
        self.instances = Some(InstancePicker {
            loading: true,
            ..InstancePicker::default()
        });
        vec![Command::LoadInstances]
    }

    pub(super) fn on_instances(&mut self, msg: Msg) -> Vec<Command> {
        let (Some(p), Msg::InstancesLoaded(result)) = (self.instances.as_mut(), msg) else {
            return Vec::new();
        };
        p.loading = false;
        match result {
            Ok(rows) => p.rows = rows,
            Err(e) => p.failure = Some(e),
        }
        Vec::new()
    }

    /// The plan text with the client set to the existing instance `id`.
    fn plan_with_instance(&self, id: &str) -> Result<(String, Plan), String> {
        let mut table: toml::Table = toml::from_str(&self.plan_text).map_err(|e| e.to_string())?;
        let client = table
            .entry("client")
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if let Some(t) = client.as_table_mut() {
            t.insert("mode".into(), toml::Value::String("existing".into()));
            t.insert("instance_id".into(), toml::Value::String(id.into()));
        }
        let text = toml::to_string(&table).map_err(|e| e.to_string())?;
        let plan = Plan::parse(&text).map_err(|e| e.rule)?;
        Ok((text, plan))
    }

    pub(super) fn on_instances_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(p) = self.instances.as_mut() else {
            return Vec::new();
        };
        let last = p.rows.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => self.instances = None,
            KeyCode::Up | KeyCode::Char('k') => p.cursor = p.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => p.cursor = (p.cursor + 1).min(last),
            KeyCode::Enter => {
                let Some(row) = p.rows.get(p.cursor).cloned() else {
                    return Vec::new();
                };
                if !row.managed {
                    p.error = Some(i18n::tf("instances.unmanaged", &[("id", &row.id)]));
                    return Vec::new();
                }
                match self.plan_with_instance(&row.id) {
                    Ok((text, plan)) => {
                        self.plan_text = text;
                        self.instances = None;
                        return vec![Command::UpdatePlan(Box::new(plan))];
                    }
                    Err(e) => {
                        if let Some(p) = self.instances.as_mut() {
                            p.error = Some(e);
                        }
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
