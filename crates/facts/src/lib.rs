//! AWS facts that both sides of the wire need: the simulated account (which enforces them as AWS
//! does) and the wizard (which checks and shows them before calling AWS). Pure logic and data:
//! no tokio, no AWS SDK, no I/O, so either side can depend on it without pulling in the other.
//!
//! - `slr` — the three service-linked roles this flow meets, as AWS documents them.
//! - `net` — IPv4 and CIDR arithmetic for subnets.
//! - `ops` — which operations only read, and which change nothing.
//! - `certcheck` — the certificate rules of InitializeCluster.
//! - `pki` — the operator's root CA: generating it and signing the cluster CSR.
//! - `reach` — whether a client instance can reach SSM and the CloudHSM CLI package.

pub mod certcheck;
pub mod net;
pub mod ops;
pub mod pki;
pub mod reach;
pub mod slr;
