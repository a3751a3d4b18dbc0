//! The subnet picker of the network stage: the Region's subnets (AZ, CIDR, free addresses)
//! from DescribeSubnets; space chooses, Enter puts the chosen ones in the plan as
//! `network.subnet_ids` — after the network stage's own checks (one VPC, one per AZ, two AZs,
//! free addresses) and the plan's rules — and `n` goes back to creating a new VPC.

use super::msg::{Command, Msg};
use super::state::{App, SubnetPicker};
use crossterm::event::{KeyCode, KeyEvent};
use keystore_engine::inputs::plan::Plan;
use keystore_engine::stages::network;

impl App {
    pub(super) fn open_picker(&mut self) -> Vec<Command> {
        self.picker = Some(SubnetPicker {
            loading: true,
            ..SubnetPicker::default()
        });
        vec![Command::LoadSubnets]
    }

    pub(super) fn on_subnets(&mut self, msg: Msg) -> Vec<Command> {
        let (Some(p), Msg::SubnetsLoaded(result)) = (self.picker.as_mut(), msg) else {
            return Vec::new();
        };
        p.loading = false;
        match result {
            Ok(subnets) => p.subnets = subnets,
            Err(e) => p.failure = Some(e),
        }
        Vec::new()
    }

    /// The plan text with `network.subnet_ids` set to `ids` (and no VPC to create).
    fn plan_with_subnets(&self, ids: &[String]) -> Result<String, String> {
        let mut table: toml::Table = toml::from_str(&self.plan_text).map_err(|e| e.to_string())?;
        let mut network = toml::Table::new();
        network.insert(
            "subnet_ids".into(),
            toml::Value::Array(ids.iter().cloned().map(toml::Value::String).collect()),
        );
        table.insert("network".into(), toml::Value::Table(network));
        let text = toml::to_string(&table).map_err(|e| e.to_string())?;
        Plan::parse(&text).map_err(|e| e.rule)?;
        Ok(text)
    }

    pub(super) fn on_picker_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(p) = self.picker.as_mut() else {
            return Vec::new();
        };
        let last = p.subnets.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => self.picker = None,
            KeyCode::Up | KeyCode::Char('k') => p.cursor = p.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => p.cursor = (p.cursor + 1).min(last),
            KeyCode::Char(' ') if !p.subnets.is_empty() => {
                if !p.chosen.remove(&p.cursor) {
                    p.chosen.insert(p.cursor);
                }
                p.error = None;
            }
            KeyCode::Char('n') => {
                // Back to the plan's own network (a new VPC, in the example plan).
                self.picker = None;
            }
            KeyCode::Enter => {
                let chosen: Vec<keystore_engine::cloud::types::Subnet> = p
                    .chosen
                    .iter()
                    .filter_map(|i| p.subnets.get(*i).cloned())
                    .collect();
                if let Err(e) = network::check(&chosen) {
                    p.error = Some(e.meaning);
                    return Vec::new();
                }
                let ids: Vec<String> = chosen.iter().map(|s| s.id.clone()).collect();
                let applied = self.plan_with_subnets(&ids).and_then(|text| {
                    Plan::parse(&text)
                        .map(|plan| (text, plan))
                        .map_err(|e| e.rule)
                });
                match applied {
                    Ok((text, plan)) => {
                        self.plan_text = text;
                        self.picker = None;
                        return vec![Command::UpdatePlan(Box::new(plan))];
                    }
                    Err(e) => {
                        if let Some(p) = self.picker.as_mut() {
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
