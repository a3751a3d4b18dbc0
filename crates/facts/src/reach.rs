//! Whether an EC2 instance without a public IP address, in a given subnet, can reach AWS Systems
//! Manager and the CloudHSM CLI package — the rules AWS documents, as one pure function both
//! the wizard's check (before anything is launched) and the sandbox's model (whether an
//! instance registers with SSM, whether `dnf install` finds the package) apply:
//!
//! - a route to an internet gateway is no way out for an instance without a public IP; a route
//!   (0.0.0.0/0) to a NAT gateway is;
//! - without a way out, SSM needs the interface endpoints `ssm` and `ssmmessages` with private
//!   DNS, which needs the VPC's `enableDnsSupport` and `enableDnsHostnames`, and a security
//!   group on the endpoints that admits TCP 443 from the instance (`ec2messages` only for SSM
//!   Agent older than 3.3.40.0; Amazon Linux 2023's agent is newer);
//! - Amazon Linux 2023's package repositories are S3 buckets in the instance's Region, reached
//!   through an S3 gateway endpoint on the subnet's route table; the CloudHSM CLI package is in
//!   a bucket in us-east-1, which only a gateway endpoint in us-east-1 reaches.
//!
//! No I/O, no SDK: the caller describes the network, this says what is missing.

/// Where the CloudHSM Client SDK 5 packages for Amazon Linux 2023 are published.
pub const CLI_PACKAGE_URL: &str = "https://s3.amazonaws.com/cloudhsmv2-software/CloudHsmClient/Amzn2023/cloudhsm-cli-latest.amzn2023.x86_64.rpm";
/// The Region of the bucket that holds the package.
pub const CLI_PACKAGE_REGION: &str = "us-east-1";
/// The public SSM parameter with the latest Amazon Linux 2023 AMI (x86_64).
pub const AL2023_AMI_PARAMETER: &str =
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/// One route of the subnet's route table: destination CIDR (or prefix list) and target id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub destination: String,
    pub target: String,
}

/// One VPC endpoint in the instance's VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `com.amazonaws.<region>.<service>`.
    pub service_name: String,
    /// `Interface` or `Gateway`.
    pub kind: String,
    pub private_dns: bool,
    /// An interface endpoint's security groups admit TCP 443 from the instance.
    pub admits_443_from_client: bool,
    /// A gateway endpoint is associated with the subnet's route table.
    pub on_route_table: bool,
    pub available: bool,
}

/// The network around one instance.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub region: String,
    pub public_ip: bool,
    pub routes: Vec<Route>,
    pub dns_support: bool,
    pub dns_hostnames: bool,
    pub endpoints: Vec<Endpoint>,
}

/// Something that is missing, as a stable code (the texts live with the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Missing {
    /// An interface endpoint for `ssm` or `ssmmessages` (with private DNS).
    SsmEndpoint(&'static str),
    DnsSupport,
    DnsHostnames,
    /// No security group on an SSM endpoint admits TCP 443 from the client.
    EndpointIngress,
    /// The S3 gateway endpoint of the Region (for Amazon Linux 2023's repositories).
    S3Gateway,
    /// The package bucket is in us-east-1: only a NAT route reaches it from another Region.
    PackageOutsideRegion,
}

fn has_nat(n: &Network) -> bool {
    n.routes
        .iter()
        .any(|r| r.destination == "0.0.0.0/0" && r.target.starts_with("nat-"))
}

fn has_igw_with_public_ip(n: &Network) -> bool {
    n.public_ip
        && n.routes
            .iter()
            .any(|r| r.destination == "0.0.0.0/0" && r.target.starts_with("igw-"))
}

/// A way out to the internet: a NAT route, or a public IP with an internet gateway route.
pub fn way_out(n: &Network) -> bool {
    has_nat(n) || has_igw_with_public_ip(n)
}

fn endpoint<'a>(n: &'a Network, service: &str, kind: &str) -> Option<&'a Endpoint> {
    let name = format!("com.amazonaws.{}.{service}", n.region);
    n.endpoints
        .iter()
        .find(|e| e.service_name == name && e.kind == kind && e.available)
}

/// What SSM needs that the network lacks (empty: the instance can register).
pub fn ssm_missing(n: &Network) -> Vec<Missing> {
    if way_out(n) {
        return vec![];
    }
    let mut out = Vec::new();
    for service in ["ssm", "ssmmessages"] {
        match endpoint(n, service, "Interface") {
            Some(e) if e.private_dns => {
                if !e.admits_443_from_client && !out.contains(&Missing::EndpointIngress) {
                    out.push(Missing::EndpointIngress);
                }
            }
            _ => out.push(Missing::SsmEndpoint(service)),
        }
    }
    if !n.dns_support {
        out.push(Missing::DnsSupport);
    }
    if !n.dns_hostnames {
        out.push(Missing::DnsHostnames);
    }
    out
}

/// What installing the CloudHSM CLI package needs that the network lacks.
pub fn package_missing(n: &Network) -> Vec<Missing> {
    if way_out(n) {
        return vec![];
    }
    let mut out = Vec::new();
    if !endpoint(n, "s3", "Gateway").is_some_and(|e| e.on_route_table) {
        out.push(Missing::S3Gateway);
    }
    if n.region != CLI_PACKAGE_REGION {
        out.push(Missing::PackageOutsideRegion);
    }
    out
}

/// Parses `major.minor.patch` out of an rpm name or version (`cloudhsm-cli-5.16.0-1.amzn…`).
pub fn cli_version(text: &str) -> Option<(u32, u32, u32)> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|part| {
            let mut it = part.split('.').map(|x| x.parse::<u32>().ok());
            match (it.next(), it.next(), it.next()) {
                (Some(Some(a)), Some(Some(b)), Some(Some(c))) => Some((a, b, c)),
                _ => None,
            }
        })
        .next()
}

/// The oldest Client SDK 5 release that supports an HSM type (hsm2m.medium needs 5.9).
pub fn min_cli_version(hsm_type: &str) -> (u32, u32, u32) {
    match hsm_type {
        "hsm2m.medium" => (5, 9, 0),
        _ => (5, 0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(region: &str) -> Network {
        Network {
            region: region.into(),
            routes: vec![Route {
                destination: "10.0.0.0/16".into(),
                target: "local".into(),
            }],
            ..Network::default()
        }
    }

    fn ep(region: &str, service: &str, kind: &str) -> Endpoint {
        Endpoint {
            service_name: format!("com.amazonaws.{region}.{service}"),
            kind: kind.into(),
            private_dns: kind == "Interface",
            admits_443_from_client: true,
            on_route_table: kind == "Gateway",
            available: true,
        }
    }

    #[test]
    fn an_internet_gateway_is_no_way_out_without_a_public_ip_and_a_nat_is() {
        let mut n = net("us-east-1");
        n.routes.push(Route {
            destination: "0.0.0.0/0".into(),
            target: "igw-1".into(),
        });
        assert!(!way_out(&n));
        assert!(ssm_missing(&n).contains(&Missing::SsmEndpoint("ssm")));
        n.public_ip = true;
        assert!(way_out(&n));
        n.public_ip = false;
        n.routes[1].target = "nat-1".into();
        assert!(ssm_missing(&n).is_empty() && package_missing(&n).is_empty());
    }

    #[test]
    fn endpoints_need_private_dns_the_vpc_dns_attributes_and_port_443() {
        let mut n = net("eu-west-1");
        assert_eq!(
            ssm_missing(&n),
            vec![
                Missing::SsmEndpoint("ssm"),
                Missing::SsmEndpoint("ssmmessages"),
                Missing::DnsSupport,
                Missing::DnsHostnames
            ]
        );
        n.endpoints = vec![
            ep("eu-west-1", "ssm", "Interface"),
            ep("eu-west-1", "ssmmessages", "Interface"),
        ];
        n.dns_support = true;
        assert_eq!(ssm_missing(&n), vec![Missing::DnsHostnames]);
        n.dns_hostnames = true;
        assert!(ssm_missing(&n).is_empty());
        n.endpoints[1].admits_443_from_client = false;
        assert_eq!(ssm_missing(&n), vec![Missing::EndpointIngress]);
        n.endpoints[0].private_dns = false;
        assert!(ssm_missing(&n).contains(&Missing::SsmEndpoint("ssm")));
        // An endpoint of another Region does not count.
        n.endpoints = vec![
            ep("us-east-1", "ssm", "Interface"),
            ep("us-east-1", "ssmmessages", "Interface"),
        ];
        assert!(ssm_missing(&n).contains(&Missing::SsmEndpoint("ssmmessages")));
    }

    #[test]
    fn the_package_bucket_is_reached_through_a_gateway_only_in_us_east_1() {
        let mut n = net("us-east-1");
        assert_eq!(package_missing(&n), vec![Missing::S3Gateway]);
        n.endpoints.push(ep("us-east-1", "s3", "Gateway"));
        assert!(package_missing(&n).is_empty());
        let mut far = net("ap-northeast-1");
        far.endpoints.push(ep("ap-northeast-1", "s3", "Gateway"));
        assert_eq!(package_missing(&far), vec![Missing::PackageOutsideRegion]);
        far.endpoints[0].on_route_table = false;
        assert_eq!(
            package_missing(&far),
            vec![Missing::S3Gateway, Missing::PackageOutsideRegion]
        );
    }

    #[test]
    fn versions_are_read_from_rpm_names_and_compared_with_the_hsm_types_minimum() {
        assert_eq!(
            cli_version("cloudhsm-cli-5.16.0-1.amzn2023.x86_64"),
            Some((5, 16, 0))
        );
        assert_eq!(cli_version("package cloudhsm-cli is not installed"), None);
        assert!(cli_version("cloudhsm-cli-5.8.0-1").expect("v") < min_cli_version("hsm2m.medium"));
        assert!(cli_version("cloudhsm-cli-5.9.0-1").expect("v") >= min_cli_version("hsm2m.medium"));
    }
}
