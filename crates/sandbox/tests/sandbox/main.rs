//! The sandbox through the real `aws-sdk-*` clients over the in-process transport, on a
//! stopped virtual clock (tests advance it; nothing sleeps). One test binary, so the SDK is
//! linked once.

mod backups;
mod cloudhsm;
mod ec2;
mod faults;
mod hosts;
mod hosts_cli;
mod iam;
mod kms_keys;
mod kms_stores;
mod slr;
mod support;
mod trail;
mod transport;
mod validation;
