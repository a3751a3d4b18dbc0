//! The AWS boundary: SDK clients built from `aws-config` (profiles, SSO, environment, `--region`,
//! `--endpoint-url`) or pointed at the sandbox, with explicit timeouts and the SDK's standard
//! retries — except for the creates that have no idempotency token (CreateCluster, CreateHsm,
//! CreateKey), which are attempted once (`no_retry`) so a lost response cannot make a duplicate;
//! the stages re-read reality by tag before any second attempt. Every call is timed and
//! reported as an `ApiCall` event with its equivalent AWS CLI command (secrets masked).
//! Read-only calls (`read`: Describe*, Get*, List*, SimulatePrincipalPolicy) are patient on top
//! of that: a throttled, failed (5xx) or timed-out read is made again with backoff and jitter
//! (up to `READ_ATTEMPTS`, about a minute in all), each retry reported as `Event::Retrying`.
//! Exposes only the wizard's own types and `CloudError`; nothing above imports `aws_sdk_*`.

pub mod client_host;
mod client_net;
pub mod client_pick;
pub mod client_scan;
pub mod ec2;
pub mod error;
mod first_contact;
pub mod hsm;
pub mod iam;
pub mod iam_profile;
mod iam_slr;
pub mod key_trail;
pub mod kms;
pub mod kms_canary;
mod kms_keys;
pub mod kms_use;
pub mod network_scan;
pub mod protocol;
pub mod types;

use crate::run::events::{Event, SharedReporter};
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
pub use error::{CloudError, ErrorKind, Transient};
use keystore_sandbox::{self as sandbox, Sandbox};
use std::future::Future;
use std::time::{Duration, Instant};

/// The versions of the AWS SDK crates the engine was built with (for `--version`).
pub fn sdk_versions() -> [(&'static str, &'static str); 7] {
    [
        ("aws-sdk-sts", aws_sdk_sts::meta::PKG_VERSION),
        ("aws-sdk-iam", aws_sdk_iam::meta::PKG_VERSION),
        ("aws-sdk-ec2", aws_sdk_ec2::meta::PKG_VERSION),
        ("aws-sdk-cloudhsmv2", aws_sdk_cloudhsmv2::meta::PKG_VERSION),
        ("aws-sdk-kms", aws_sdk_kms::meta::PKG_VERSION),
        ("aws-sdk-ssm", aws_sdk_ssm::meta::PKG_VERSION),
        ("aws-sdk-cloudtrail", aws_sdk_cloudtrail::meta::PKG_VERSION),
    ]
}

/// The run's run-id tag, put on everything the wizard creates.
pub const RUN_TAG: &str = "keystore-wizard:run-id";

/// Where the AWS calls go.
#[derive(Clone, Debug)]
pub enum Target {
    Aws {
        profile: Option<String>,
        region: Option<String>,
        endpoint_url: Option<String>,
    },
    /// The in-process sandbox.
    Sandbox(Sandbox),
    /// A served sandbox (`sandbox serve`), and its operator API.
    SandboxUrl(String),
}

impl Target {
    pub fn is_sandbox(&self) -> bool {
        !matches!(self, Self::Aws { .. })
    }
    pub fn label(&self) -> String {
        match self {
            Self::Aws { .. } => "aws".into(),
            Self::Sandbox(_) => "sandbox (in-process)".into(),
            Self::SandboxUrl(u) => format!("sandbox at {u}"),
        }
    }
}

fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(30))
        .operation_timeout(Duration::from_secs(120))
        .build()
}

/// How many times a read-only call is made before its transient error is returned.
pub const READ_ATTEMPTS: u32 = 8;
/// The longest pause between two attempts of a read (seconds of the target's clock).
pub const READ_MAX_BACKOFF: f64 = 20.0;

/// The pause before attempt `attempt + 1` of a read: 1 s doubling to `READ_MAX_BACKOFF`, with
/// jitter in its upper half so many readers throttled at once do not come back together.
pub fn read_backoff(attempt: u32, jitter: f64) -> f64 {
    let cap = (2f64.powi(attempt.saturating_sub(1).min(16) as i32)).min(READ_MAX_BACKOFF);
    cap * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// A number in [0, 1) that differs from call to call (jitter needs no cryptographic quality).
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut x = u64::from(nanos) ^ 0x9E37_79B9_7F4A_7C15;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    (x % 1_000_000) as f64 / 1_000_000.0
}

#[derive(Clone)]
pub struct Cloud {
    pub region: String,
    /// Real seconds per second of the target's clock, for the pauses between read attempts:
    /// 1 against AWS, 1/speed against a running sandbox, 0 against a stopped one (tests).
    pace: f64,
    /// Whether reads are made again on transient errors (off for a quick, optional look).
    patient: bool,
    conf: SdkConfig,
    reporter: SharedReporter,
    pub(crate) sts: aws_sdk_sts::Client,
    pub(crate) iam: aws_sdk_iam::Client,
    pub(crate) ec2: aws_sdk_ec2::Client,
    pub(crate) hsm: aws_sdk_cloudhsmv2::Client,
    pub(crate) kms: aws_sdk_kms::Client,
    pub(crate) ssm: aws_sdk_ssm::Client,
    pub(crate) trail: aws_sdk_cloudtrail::Client,
}

impl Cloud {
    /// Builds the clients for `target` in `region` (or the profile's Region).
    pub async fn connect(
        target: &Target,
        region: Option<&str>,
        reporter: SharedReporter,
    ) -> Result<Self, CloudError> {
        let conf = match target {
            Target::Sandbox(sb) => sandbox::client::sdk_config(sb, region.unwrap_or("us-east-1")),
            Target::SandboxUrl(url) => {
                sandbox::remote::loopback_addr(url).map_err(|m| {
                    CloudError::new("connect", ErrorKind::Invalid, "BadSandboxUrl", m)
                })?;
                aws_config::defaults(BehaviorVersion::latest())
                    .endpoint_url(url)
                    .region(Region::new(region.unwrap_or("us-east-1").to_string()))
                    .credentials_provider(aws_credential_types::Credentials::new(
                        "AKIASANDBOX",
                        "sandbox",
                        None,
                        None,
                        "sandbox",
                    ))
                    .load()
                    .await
            }
            Target::Aws {
                profile,
                region: flag_region,
                endpoint_url,
            } => {
                let mut loader = aws_config::defaults(BehaviorVersion::latest());
                if let Some(p) = profile {
                    loader = loader.profile_name(p);
                }
                if let Some(r) = region.or(flag_region.as_deref()) {
                    loader = loader.region(Region::new(r.to_string()));
                }
                if let Some(e) = endpoint_url {
                    loader = loader.endpoint_url(e);
                }
                loader.load().await
            }
        };
        let pace = match target {
            Target::Aws { .. } => 1.0,
            Target::Sandbox(sb) if sb.speed() > 0.0 => 1.0 / sb.speed(),
            Target::Sandbox(_) => 0.0,
            Target::SandboxUrl(_) => 1.0 / keystore_sandbox::clock::DEFAULT_SPEED,
        };
        // The SDK's own backoff sleeps in real time; against a sandbox it follows the sandbox's
        // clock like every other pause, so a rehearsal of throttling does not take minutes.
        let retry = if pace < 1.0 {
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_secs_f64((20.0 * pace).max(0.001)))
        } else {
            RetryConfig::standard()
        };
        let conf = conf
            .to_builder()
            .timeout_config(timeouts())
            .retry_config(retry)
            .build();
        let region = match conf.region() {
            Some(r) => r.to_string(),
            None => return Err(first_contact::no_region(target)),
        };
        Ok(Self::from_conf(conf, region, reporter, pace))
    }

    fn from_conf(conf: SdkConfig, region: String, reporter: SharedReporter, pace: f64) -> Self {
        Self {
            pace,
            patient: true,
            sts: aws_sdk_sts::Client::new(&conf),
            iam: aws_sdk_iam::Client::new(&conf),
            ec2: aws_sdk_ec2::Client::new(&conf),
            hsm: protocol::hsm_client(&conf),
            kms: aws_sdk_kms::Client::new(&conf),
            ssm: aws_sdk_ssm::Client::new(&conf),
            trail: aws_sdk_cloudtrail::Client::new(&conf),
            region,
            conf,
            reporter,
        }
    }

    /// The same clients with other per-attempt and per-operation timeouts.
    pub fn with_timeouts(&self, attempt: Duration, operation: Duration) -> Self {
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(5))
            .operation_attempt_timeout(attempt)
            .operation_timeout(operation)
            .build();
        let conf = self.conf.to_builder().timeout_config(timeouts).build();
        Self::from_conf(conf, self.region.clone(), self.reporter.clone(), self.pace)
    }

    /// The same clients for a quick look that may fail: short timeouts, reads tried once
    /// (`plan init` filling in subnets when the account can be reached).
    pub fn impatient(&self) -> Self {
        let mut c = self.with_timeouts(Duration::from_secs(5), Duration::from_secs(10));
        c.patient = false;
        c
    }

    /// The same credentials in another Region.
    pub fn in_region(&self, region: &str) -> Self {
        let conf = self
            .conf
            .to_builder()
            .region(Region::new(region.to_string()))
            .build();
        Self::from_conf(conf, region.to_string(), self.reporter.clone(), self.pace)
    }

    pub fn reporter(&self) -> &SharedReporter {
        &self.reporter
    }

    /// Times one SDK call, maps its error, and reports it. The call lives on the heap: an SDK
    /// request future is tens of kilobytes, and a stage awaits many of them, so inlining them
    /// made a whole setup's future overflow a 2 MiB thread stack in a debug build.
    pub(crate) fn call<'a, T, E, F>(
        &'a self,
        service: &'a str,
        operation: &'a str,
        cli: String,
        fut: F,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<T, CloudError>> + Send + 'a>>
    where
        F: Future<Output = Result<T, SdkError<E, HttpResponse>>> + Send + 'a,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        T: Send + 'a,
    {
        Box::pin(async move {
            let stage = crate::run::events::current_stage();
            self.reporter.emit(Event::ApiCallStarted {
                stage: stage.clone(),
                service: service.into(),
                operation: operation.into(),
            });
            let started = Instant::now();
            let result = fut.await.map_err(|e| CloudError::from_sdk(operation, e));
            let duration_ms = started.elapsed().as_millis() as u64;
            let (outcome, error_code) = match &result {
                Ok(_) => ("ok".to_string(), None),
                Err(e) => ("error".to_string(), Some(e.code.clone())),
            };
            tracing::debug!(service, operation, region = %self.region, duration_ms, outcome = %outcome, "aws call");
            self.reporter.emit(Event::ApiCall {
                stage,
                service: service.into(),
                operation: operation.into(),
                region: self.region.clone(),
                duration_ms,
                outcome,
                error_code,
                cli: format!("{cli} --region {}", self.region),
            });
            result
        })
    }
}

impl Cloud {
    /// A read-only call, made again while it fails transiently (see the module header). `make`
    /// builds the request afresh for each attempt.
    pub(crate) async fn read<T, E, F, Fut>(
        &self,
        service: &str,
        operation: &str,
        cli: String,
        make: F,
    ) -> Result<T, CloudError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>> + Send,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        T: Send,
    {
        let mut attempt = 1;
        loop {
            match self.call(service, operation, cli.clone(), make()).await {
                Err(e)
                    if self.patient && attempt < READ_ATTEMPTS && e.transient_code().is_some() =>
                {
                    let retry_in_s = read_backoff(attempt, jitter());
                    tracing::info!(operation, code = %e.code, attempt, retry_in_s, "read failed transiently; retrying");
                    self.reporter.emit(Event::Retrying {
                        operation: operation.into(),
                        code: e.code.clone(),
                        attempt,
                        retry_in_s,
                    });
                    if self.pace > 0.0 {
                        tokio::time::sleep(Duration::from_secs_f64(retry_in_s * self.pace)).await;
                    } else {
                        tokio::task::yield_now().await;
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }
}

/// A config override that turns the SDK's retries off for one call.
pub(crate) fn no_retry() -> RetryConfig {
    RetryConfig::disabled()
}

/// Quotes a value for the equivalent shell command.
pub(crate) fn sh(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "'\\''"))
    }
}
