//! The in-process transport: an `HttpClient` handed to the AWS SDK so that `--sandbox` and the
//! tests run the very same SDK code path (signing, serialization, retries, parsing) with no
//! port. `sdk_config` builds an SdkConfig that can only ever reach the sandbox: no profile,
//! environment or IMDS is read, so a user's real AWS settings never leak into a rehearsal.

use crate::Sandbox;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_async::rt::sleep::TokioSleep;
use aws_smithy_async::time::SharedTimeSource;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

#[derive(Debug, Clone)]
pub struct InProcessClient {
    sandbox: Sandbox,
}

impl InProcessClient {
    pub fn new(sandbox: Sandbox) -> Self {
        Self { sandbox }
    }
}

impl HttpConnector for InProcessClient {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let authorization = request.headers().get("authorization").map(str::to_string);
        let target = request.headers().get("x-amz-target").map(str::to_string);
        let cbor = request.headers().get(crate::cbor::HEADER) == Some(crate::cbor::HEADER_VALUE);
        let path = request.uri().to_string();
        let body = request.body().bytes().map(<[u8]>::to_vec);
        let sandbox = self.sandbox.clone();
        HttpConnectorFuture::new(async move {
            let body = body.ok_or_else(|| {
                ConnectorError::other(
                    "streaming request bodies are not supported by the sandbox".into(),
                    None,
                )
            })?;
            let handled = if cbor {
                let path = path
                    .parse::<http::Uri>()
                    .map(|u| u.path().to_string())
                    .unwrap_or(path);
                sandbox.handle_cbor(authorization, &path, body).await
            } else {
                sandbox.handle_async(authorization, target, body).await
            };
            sandbox.note_reply(&handled, cbor);
            let status = StatusCode::try_from(handled.status)
                .map_err(|e| ConnectorError::other(Box::new(e), None))?;
            let mut response = HttpResponse::new(status, SdkBody::from(handled.body));
            response
                .headers_mut()
                .insert("content-type", handled.content_type);
            response
                .headers_mut()
                .insert("x-amzn-requestid", handled.request_id);
            if cbor {
                response
                    .headers_mut()
                    .insert(crate::cbor::HEADER, crate::cbor::HEADER_VALUE);
            }
            Ok(response)
        })
    }
}

impl HttpClient for InProcessClient {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// An SdkConfig whose every call goes to `sandbox`, in `region`.
pub fn sdk_config(sandbox: &Sandbox, region: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIASANDBOXEXAMPLE",
            "sandbox-secret-key",
            None,
            None,
            "keystore-wizard-sandbox",
        )))
        .http_client(SharedHttpClient::new(InProcessClient::new(sandbox.clone())))
        .sleep_impl(TokioSleep::new())
        .time_source(SharedTimeSource::default())
        .build()
}
