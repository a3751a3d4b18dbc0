//! What a run made, for the end of the headless text output and the TUI's run-all summary:
//! every resource created or adopted (by stage, in order) and every service-linked role with
//! what the run observed. Built from the run's events, so it says what happened, not what was
//! planned.

use crate::run::events::{Event, SlrStatus};

/// One resource the run created (or found and adopted).
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub stage: String,
    pub kind: String,
    pub id: String,
    pub created: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub made: Vec<Made>,
    /// (role, status) as last observed.
    pub roles: Vec<(String, SlrStatus)>,
}

impl Summary {
    /// Takes in one event; those that are not about resources or roles are ignored.
    pub fn record(&mut self, event: &Event) {
        match event {
            Event::ResourceCreated { stage, kind, id }
            | Event::ResourceAdopted { stage, kind, id } => {
                let created = matches!(event, Event::ResourceCreated { .. });
                if !self.made.iter().any(|m| m.kind == *kind && m.id == *id) {
                    self.made.push(Made {
                        stage: stage.clone(),
                        kind: kind.clone(),
                        id: id.clone(),
                        created,
                    });
                }
            }
            Event::Slr { role, status, .. } => {
                self.roles.retain(|(r, _)| r != role);
                self.roles.push((role.clone(), *status));
            }
            _ => {}
        }
    }

    pub fn created(&self) -> usize {
        self.made.iter().filter(|m| m.created).count()
    }

    pub fn adopted(&self) -> usize {
        self.made.len() - self.created()
    }

    /// The resources grouped by stage, in the order the stages ran: (stage, [(kind, id, created)]).
    pub fn by_stage(&self) -> Vec<(&str, Vec<&Made>)> {
        let mut out: Vec<(&str, Vec<&Made>)> = Vec::new();
        for m in &self.made {
            match out.iter_mut().find(|(s, _)| *s == m.stage) {
                Some((_, list)) => list.push(m),
                None => out.push((m.stage.as_str(), vec![m])),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_lists_what_happened_once_by_stage() {
        let mut s = Summary::default();
        let made = |stage: &str, kind: &str, id: &str| Event::ResourceCreated {
            stage: stage.into(),
            kind: kind.into(),
            id: id.into(),
        };
        s.record(&made("network", "vpc", "vpc-1"));
        s.record(&made("network", "subnet", "subnet-1"));
        s.record(&Event::ResourceAdopted {
            stage: "cluster".into(),
            kind: "cluster".into(),
            id: "cluster-1".into(),
        });
        s.record(&made("network", "vpc", "vpc-1"));
        for status in [SlrStatus::Absent, SlrStatus::Created] {
            s.record(&Event::Slr {
                stage: "cluster".into(),
                role: "AWSServiceRoleForCloudHSM".into(),
                principal: "cloudhsm.amazonaws.com".into(),
                policy: "p".into(),
                status,
            });
        }
        assert_eq!((s.created(), s.adopted()), (2, 1));
        let stages: Vec<&str> = s.by_stage().iter().map(|(st, _)| *st).collect();
        assert_eq!(stages, ["network", "cluster"]);
        assert_eq!(
            s.roles,
            vec![("AWSServiceRoleForCloudHSM".to_string(), SlrStatus::Created)]
        );
    }
}
