//! Shared fixtures: a sandbox on a stopped clock, SDK clients over the in-process transport,
//! and helpers that walk a cluster to the states later tests start from.

use aws_sdk_cloudhsmv2::types::ClusterState;
use keystore_facts::pki::{KeyBits, RootCa};
use keystore_sandbox::{Sandbox, SandboxConfig, client::sdk_config};

pub const REGION: &str = "us-east-1";
pub const PASSWORD: &str = "KmsUser2026pw";
pub const ADMIN_PASSWORD: &str = "AdminPass2026";

pub struct Aws {
    pub sandbox: Sandbox,
    pub sts: aws_sdk_sts::Client,
    pub iam: aws_sdk_iam::Client,
    pub ec2: aws_sdk_ec2::Client,
    pub hsm: aws_sdk_cloudhsmv2::Client,
    pub kms: aws_sdk_kms::Client,
    pub ssm: aws_sdk_ssm::Client,
}

impl Aws {
    pub fn new() -> Self {
        Self::with(
            Sandbox::new(SandboxConfig::for_tests()).expect("sandbox"),
            REGION,
        )
    }

    pub fn with(sandbox: Sandbox, region: &str) -> Self {
        let conf = sdk_config(&sandbox, region);
        Self {
            sts: aws_sdk_sts::Client::new(&conf),
            iam: aws_sdk_iam::Client::new(&conf),
            ec2: aws_sdk_ec2::Client::new(&conf),
            hsm: aws_sdk_cloudhsmv2::Client::new(&conf),
            kms: aws_sdk_kms::Client::new(&conf),
            ssm: aws_sdk_ssm::Client::new(&conf),
            sandbox,
        }
    }

    /// The same account seen from another Region.
    pub fn region(&self, region: &str) -> Self {
        Self::with(self.sandbox.clone(), region)
    }

    pub fn advance_minutes(&self, m: f64) {
        self.sandbox.advance(m * 60.0);
    }

    /// Default subnets of the first `n` AZs.
    pub async fn subnets(&self, n: usize) -> Vec<(String, String)> {
        let out = self
            .ec2
            .describe_subnets()
            .send()
            .await
            .expect("describe subnets");
        let mut subnets: Vec<(String, String)> = out
            .subnets()
            .iter()
            .map(|s| {
                (
                    s.availability_zone().unwrap_or_default().to_string(),
                    s.subnet_id().unwrap_or_default().to_string(),
                )
            })
            .collect();
        subnets.sort();
        subnets.truncate(n);
        subnets
    }

    pub async fn cluster(&self, id: &str) -> aws_sdk_cloudhsmv2::types::Cluster {
        let out = self
            .hsm
            .describe_clusters()
            .filters("clusterIds", vec![id.to_string()])
            .send()
            .await
            .expect("describe");
        out.clusters().first().cloned().expect("cluster listed")
    }

    pub async fn create_cluster(&self, azs: usize) -> String {
        let ids: Vec<String> = self
            .subnets(azs)
            .await
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let out = self
            .hsm
            .create_cluster()
            .hsm_type("hsm2m.medium")
            .set_subnet_ids(Some(ids))
            .send()
            .await
            .expect("create cluster");
        out.cluster()
            .and_then(|c| c.cluster_id())
            .expect("id")
            .to_string()
    }

    pub async fn create_hsm(&self, cluster: &str, az: &str) -> String {
        let out = self
            .hsm
            .create_hsm()
            .cluster_id(cluster)
            .availability_zone(az)
            .send()
            .await
            .expect("create hsm");
        out.hsm().map(|h| h.hsm_id().to_string()).expect("hsm id")
    }

    pub fn cli(
        &self,
        cluster: &str,
        args: &str,
        password: Option<&str>,
    ) -> keystore_sandbox::operator::CliOutput {
        let args: Vec<String> = args.split_whitespace().map(str::to_string).collect();
        self.sandbox.cloudhsm_cli(cluster, &args, password)
    }

    /// A user-management command as the real CLI needs it: logged in as admin, then logged out.
    pub fn as_admin(
        &self,
        cluster: &str,
        args: &str,
        password: Option<&str>,
    ) -> keystore_sandbox::operator::CliOutput {
        let login = self.cli(
            cluster,
            "login --username admin --role admin",
            Some(ADMIN_PASSWORD),
        );
        assert_eq!(login.exit_code, 0, "{}", login.stdout);
        let out = self.cli(cluster, args, password);
        assert_eq!(self.cli(cluster, "logout", None).exit_code, 0);
        out
    }

    /// Cluster → first HSM → initialize → activate → second HSM; returns (cluster, CA).
    pub async fn active_cluster(&self) -> (String, RootCa) {
        let subnets = self.subnets(2).await;
        let cluster = self.create_cluster(2).await;
        self.advance_minutes(5.0);
        self.create_hsm(&cluster, &subnets[0].0).await;
        self.advance_minutes(11.0);
        let csr = self
            .cluster(&cluster)
            .await
            .certificates()
            .and_then(|c| c.cluster_csr())
            .expect("csr")
            .to_string();
        let ca = RootCa::generate(KeyBits::Rsa2048, "Test Root").expect("ca");
        let signed = ca.sign_csr(&csr, 365).expect("sign");
        self.hsm
            .initialize_cluster()
            .cluster_id(&cluster)
            .signed_cert(signed)
            .trust_anchor(&ca.cert_pem)
            .send()
            .await
            .expect("initialize");
        self.advance_minutes(6.0);
        assert_eq!(
            self.cluster(&cluster).await.state(),
            Some(&ClusterState::Initialized)
        );
        let out = self.cli(&cluster, "cluster activate", Some(ADMIN_PASSWORD));
        assert_eq!(out.exit_code, 0, "{}", out.stdout);
        self.create_hsm(&cluster, &subnets[1].0).await;
        self.advance_minutes(11.0);
        (cluster, ca)
    }

    pub async fn key_store(&self, cluster: &str, ca: &RootCa, name: &str) -> String {
        let out = self
            .kms
            .create_custom_key_store()
            .custom_key_store_name(name)
            .cloud_hsm_cluster_id(cluster)
            .trust_anchor_certificate(&ca.cert_pem)
            .key_store_password(PASSWORD)
            .send()
            .await
            .expect("create key store");
        out.custom_key_store_id().expect("id").to_string()
    }

    pub async fn store_state(&self, id: &str) -> (String, Option<String>) {
        let out = self
            .kms
            .describe_custom_key_stores()
            .custom_key_store_id(id)
            .send()
            .await
            .expect("describe stores");
        let s = out.custom_key_stores().first().expect("store").clone();
        (
            s.connection_state()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            s.connection_error_code().map(|c| c.as_str().to_string()),
        )
    }

    /// Active cluster, kmsuser, key store, connected.
    pub async fn connected_store(&self) -> (String, String) {
        let (cluster, ca) = self.active_cluster().await;
        assert_eq!(
            self.as_admin(
                &cluster,
                "user create --username kmsuser --role crypto-user",
                Some(PASSWORD)
            )
            .exit_code,
            0
        );
        let store = self.key_store(&cluster, &ca, "ExampleKeyStore").await;
        self.kms
            .connect_custom_key_store()
            .custom_key_store_id(&store)
            .send()
            .await
            .expect("connect");
        self.advance_minutes(20.0);
        assert_eq!(self.store_state(&store).await.0, "CONNECTED");
        (cluster, store)
    }
}

/// The error code of an SDK error, whatever the operation.
pub fn code<E: aws_sdk_kms::error::ProvideErrorMetadata>(e: &E) -> String {
    e.code().unwrap_or("<none>").to_string()
}
