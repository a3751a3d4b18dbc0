//! Which wire protocol the CloudHSM v2 client speaks. The SDK's generated default is awsJson 1.1;
//! botocore's current model lists Smithy RPC v2 CBOR first, and the Rust SDK can switch to it
//! at run time, so the operator (or a rehearsal) can choose it with `--cloudhsm-protocol cbor`
//! before a release makes it the default. Process-wide, like the language: set once by the
//! binary before any client is built. Knows nothing of stages or the journal.

use aws_config::SdkConfig;
use std::sync::atomic::{AtomicU8, Ordering};

/// The protocols CloudHSM v2's model lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HsmProtocol {
    AwsJson,
    RpcV2Cbor,
}

static CHOICE: AtomicU8 = AtomicU8::new(0);

/// Chooses the protocol for every CloudHSM client built after this call.
pub fn set_hsm_protocol(p: HsmProtocol) {
    CHOICE.store(
        match p {
            HsmProtocol::AwsJson => 0,
            HsmProtocol::RpcV2Cbor => 1,
        },
        Ordering::SeqCst,
    );
}

pub fn hsm_protocol() -> HsmProtocol {
    match CHOICE.load(Ordering::SeqCst) {
        1 => HsmProtocol::RpcV2Cbor,
        _ => HsmProtocol::AwsJson,
    }
}

/// A CloudHSM v2 client speaking the chosen protocol.
pub(crate) fn hsm_client(conf: &SdkConfig) -> aws_sdk_cloudhsmv2::Client {
    let builder = aws_sdk_cloudhsmv2::config::Builder::from(conf);
    let builder = match hsm_protocol() {
        HsmProtocol::AwsJson => builder,
        HsmProtocol::RpcV2Cbor => {
            builder.protocol(aws_smithy_cbor::protocol::RpcV2CborProtocol::new())
        }
    };
    aws_sdk_cloudhsmv2::Client::from_conf(builder.build())
}
