//! The request path of one AWS API call: parse → authorize → faults → advance the virtual
//! clock → dispatch to the service → render → log → persist. Service behaviour lives in the
//! service folders; this module only routes and records.

use super::*;

impl Sandbox {
    /// The whole request path for one AWS API call, with latency faults awaited first.
    pub async fn handle_async(
        &self,
        authorization: Option<String>,
        target: Option<String>,
        body: Vec<u8>,
    ) -> Handled {
        let concurrent = self.inner.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        let request_id = self.next_request_id();
        let mut named = None;
        let reply = match wire::parse_call(authorization.as_deref(), target.as_deref(), &body) {
            Err(e) => {
                let service = wire::guess_service(authorization.as_deref(), target.as_deref());
                self.log(&service_name(service), "?", "", e.status, concurrent);
                wire::render_error(service, &e, &request_id)
            }
            Ok(call) => {
                named = Some((call.service, call.operation.clone()));
                let decision = self.faults().decide(&call.operation);
                if decision.latency_ms > 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(decision.latency_ms)).await;
                }
                if decision.hang {
                    self.inner.in_flight.fetch_sub(1, Ordering::SeqCst);
                    std::future::pending::<()>().await;
                }
                let reply = self.dispatch(&call, &decision, &request_id);
                let body_text = self
                    .inner
                    .record_bodies
                    .load(Ordering::SeqCst)
                    .then(|| String::from_utf8_lossy(&body).to_string());
                self.log_with_body(
                    &service_name(call.service),
                    &call.operation,
                    &call.region,
                    reply.status,
                    concurrent,
                    body_text,
                );
                if reply.status == 200 && !wire::is_read_only(&call.operation) {
                    let n = self.inner.mutations.fetch_add(1, Ordering::SeqCst) + 1;
                    if *lock(&self.inner.kill_after) == Some(n) {
                        self.inner.killed.store(true, Ordering::SeqCst);
                        self.inner.in_flight.fetch_sub(1, Ordering::SeqCst);
                        std::future::pending::<()>().await;
                    }
                }
                reply
            }
        };
        self.inner.in_flight.fetch_sub(1, Ordering::SeqCst);
        Handled {
            status: reply.status,
            content_type: reply.content_type,
            request_id,
            body: reply.body,
            call: named,
        }
    }

    fn log(&self, service: &str, operation: &str, region: &str, status: u16, concurrent: usize) {
        self.log_with_body(service, operation, region, status, concurrent, None);
    }

    fn log_with_body(
        &self,
        service: &str,
        operation: &str,
        region: &str,
        status: u16,
        concurrent: usize,
        body: Option<String>,
    ) {
        lock(&self.inner.log).push(LogEntry {
            service: service.into(),
            operation: operation.into(),
            region: region.into(),
            status,
            concurrent,
            body,
            at: self.now(),
        });
    }

    fn dispatch(&self, call: &Call, decision: &faults::Decision, request_id: &str) -> Reply {
        let service = call.service;
        if decision.throttle {
            let e = ApiError::bad(service.throttling_code(), "Rate exceeded");
            return wire::render_error(service, &e, request_id);
        }
        if decision.stale_read && call.operation == "DescribeClusters" {
            return wire::render_ok(
                service,
                &call.operation,
                Outcome::Json(serde_json::json!({"Clusters": []})),
                request_id,
            );
        }
        if decision.internal_error {
            let e = ApiError::new(
                500,
                service.internal_error_code(),
                "We encountered an internal error. Please try again.",
            );
            return wire::render_error(service, &e, request_id);
        }
        let result = {
            let mut w = lock(&self.inner.world);
            self.tick(&mut w);
            let result = self.apply(&mut w, call);
            if result.is_ok() {
                let n = {
                    let mut counts = lock(&self.inner.op_counts);
                    let n = counts.entry(call.operation.clone()).or_insert(0);
                    *n += 1;
                    *n
                };
                let hook = lock(&self.inner.hook).clone();
                if let Some(h) = hook {
                    h(&call.operation, n, &mut w);
                }
            }
            self.persist(&w);
            result
        };
        if decision.lose_response {
            // The operation happened; the caller never hears of it.
            let e = ApiError::new(
                500,
                service.internal_error_code(),
                "We encountered an internal error. Please try again.",
            );
            return wire::render_error(service, &e, request_id);
        }
        match result {
            Ok(outcome) => wire::render_ok(service, &call.operation, outcome, request_id),
            Err(e) => wire::render_error(service, &e, request_id),
        }
    }

    fn apply(&self, w: &mut World, call: &Call) -> Result<Outcome, ApiError> {
        let service = call.service;
        let global = matches!(service, Service::Iam | Service::Sts);
        if !global && !regions::is_known(&call.region) {
            return Err(ApiError::new(
                400,
                "UnrecognizedClientException",
                format!("The sandbox does not know Region {}", call.region),
            ));
        }
        if !global && w.disabled_regions.contains(&call.region) {
            let code = if service == Service::Ec2 {
                "AuthFailure"
            } else {
                "UnrecognizedClientException"
            };
            return Err(ApiError::new(
                401,
                code,
                format!("Region {} is not enabled for this account", call.region),
            ));
        }
        // The front end checks the input against the model before anything is looked up.
        crate::validate::check(call)?;
        let action = format!("{}:{}", service.action_prefix(), call.operation);
        let denied_region = !global && w.denied_regions.contains(&call.region);
        let exempt = call.operation == "GetCallerIdentity";
        if !exempt && (denied_region || !iam::eval::caller_may(w, &action)) {
            return Err(ApiError::bad(
                service.access_denied_code(),
                format!(
                    "User: {} is not authorized to perform: {action} because no identity-based policy allows the {action} action",
                    w.user_arn()
                ),
            ));
        }
        match (&call.params, service) {
            (Params::Form(_), Service::Sts) => iam::eval::sts(w, &call.operation).map(Outcome::Xml),
            (Params::Form(f), Service::Iam) => iam::handle(w, &call.operation, f).map(Outcome::Xml),
            (Params::Form(f), Service::Ec2) => {
                ec2::handle(w, &call.region, &call.operation, f).map(Outcome::Xml)
            }
            (Params::Json(v), Service::CloudHsm) => {
                cloudhsm::handle(w, &call.region, &call.operation, v).map(Outcome::Json)
            }
            (Params::Json(v), Service::Kms) => {
                let out = kms::keys::handle(w, &call.region, &call.operation, v);
                if out.is_ok() {
                    let read = wire::is_read_only(&call.operation)
                        || matches!(
                            call.operation.as_str(),
                            "Encrypt" | "Decrypt" | "GenerateDataKey"
                        );
                    crate::trail::record(w, &call.region, &call.operation, v, read);
                }
                out.map(Outcome::Json)
            }
            (Params::Json(v), Service::CloudTrail) => {
                crate::trail::handle(w, &call.region, &call.operation, v).map(Outcome::Json)
            }
            (Params::Json(v), Service::Ssm) => {
                ssm::handle(w, &call.region, &call.operation, v).map(Outcome::Json)
            }
            _ => Err(ApiError::bad(
                "InvalidRequest",
                "The request does not use the service's protocol",
            )),
        }
    }
}

fn service_name(s: Service) -> String {
    s.action_prefix().to_string()
}
