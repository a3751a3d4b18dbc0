//! A key's recent use from CloudTrail (`LookupEvents` by the key's ARN, newest first, the last
//! 90 days that CloudTrail keeps): who called which KMS operation when. CloudTrail allows about
//! two lookups a second per account and Region and 50 events a page, so the read is bounded
//! (`PAGES`, paced) and a read cut short — throttled, denied, failed — says *unknown*, never
//! "unused".

use super::{Cloud, CloudError};
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use std::time::Duration;

/// At most this many pages (of 50 events) per key.
pub const PAGES: usize = 3;
/// CloudTrail's lookup rate: two a second.
const PACE: Duration = Duration::from_millis(500);

/// One event of a key's use.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UseEvent {
    pub when: i64,
    pub who: String,
    pub operation: String,
}

/// What CloudTrail says of a key's use: the events it read (newest first), or why it could not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "use", rename_all = "snake_case")]
pub enum KeyUse {
    Known { events: Vec<UseEvent> },
    Unknown { reason: String },
}

impl Cloud {
    /// The key's events since `since` (epoch seconds), at most `PAGES` pages.
    pub async fn key_use(&self, key_arn: &str, since: i64) -> KeyUse {
        let mut events = Vec::new();
        let mut token: Option<String> = None;
        for page in 0..PAGES {
            if page > 0 {
                tokio::time::sleep(PACE.mul_f64(self.pace)).await;
            }
            let attr = match LookupAttribute::builder()
                .attribute_key(LookupAttributeKey::ResourceName)
                .attribute_value(key_arn)
                .build()
            {
                Ok(a) => a,
                Err(e) => {
                    return KeyUse::Unknown {
                        reason: e.to_string(),
                    };
                }
            };
            let start = aws_smithy_types::DateTime::from_secs(since);
            let cli = format!(
                "aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue={key_arn}"
            );
            let out: Result<_, CloudError> = self
                .call(
                    "cloudtrail",
                    "LookupEvents",
                    cli,
                    self.trail
                        .lookup_events()
                        .lookup_attributes(attr)
                        .start_time(start)
                        .max_results(50)
                        .set_next_token(token.clone())
                        .send(),
                )
                .await;
            let out = match out {
                Ok(o) => o,
                Err(e) => {
                    return KeyUse::Unknown {
                        reason: crate::i18n::tf(
                            "td.trail_cut",
                            &[("pages", &page), ("code", &e.code)],
                        ),
                    };
                }
            };
            events.extend(out.events().iter().map(|e| UseEvent {
                when: e.event_time().map(|t| t.secs()).unwrap_or(0),
                who: e.username().unwrap_or_default().to_string(),
                operation: e.event_name().unwrap_or_default().to_string(),
            }));
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return KeyUse::Known { events };
            }
        }
        KeyUse::Unknown {
            reason: crate::i18n::tf("td.trail_long", &[("n", &events.len())]),
        }
    }
}
