//! The client host through the boundary: the Amazon Linux 2023 AMI (public SSM parameter),
//! the Session Manager key the account's preferences require, the instance (RunInstances with
//! a `ClientToken`, IMDSv2 required, no public IP, encrypted root volume), and SSM: registration
//! and Run Command with its invocations. No secret ever goes into a command here: the callers
//! build scripts from public values only.

use super::ec2::tagged;
use super::error::NotFound;
use super::{Cloud, CloudError, sh};
use aws_sdk_ec2::types::{
    HttpTokensState, IamInstanceProfileSpecification, InstanceMetadataOptionsRequest, ResourceType,
};
use keystore_facts::reach;

/// An instance the wizard knows about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub id: String,
    pub state: String,
    pub ip: String,
    pub subnet_id: String,
    pub vpc_id: String,
    /// The primary network interface and its security groups.
    pub eni: String,
    pub groups: Vec<String>,
}

/// One command invocation as SSM reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub status: String,
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Cloud {
    /// The latest Amazon Linux 2023 AMI, from its public SSM parameter.
    pub async fn al2023_ami(&self) -> Result<String, CloudError> {
        let name = reach::AL2023_AMI_PARAMETER;
        let out = self
            .read(
                "ssm",
                "GetParameter",
                format!("aws ssm get-parameter --name {name}"),
                || self.ssm.get_parameter().name(name).send(),
            )
            .await?;
        Ok(out
            .parameter()
            .and_then(|p| p.value())
            .unwrap_or_default()
            .into())
    }

    /// The KMS key Session Manager preferences require sessions to be encrypted with, if any.
    pub async fn session_kms_key(&self) -> Result<Option<String>, CloudError> {
        let name = "SSM-SessionManagerRunShell";
        let out = self
            .read(
                "ssm",
                "GetDocument",
                format!("aws ssm get-document --name {name}"),
                || self.ssm.get_document().name(name).send(),
            )
            .await;
        let out = match out.found()? {
            None => return Ok(None),
            Some(out) => out,
        };
        let doc: serde_json::Value =
            serde_json::from_str(out.content().unwrap_or("{}")).unwrap_or_default();
        Ok(doc["inputs"]["kmsKeyId"]
            .as_str()
            .filter(|k| !k.is_empty())
            .map(str::to_string))
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn run_client(
        &self,
        ami: &str,
        instance_type: &str,
        subnet: &str,
        groups: &[String],
        profile: &str,
        token: &str,
        run_id: &str,
    ) -> Result<String, CloudError> {
        let cli = format!(
            "aws ec2 run-instances --image-id {ami} --instance-type {instance_type} --network-interfaces 'DeviceIndex=0,SubnetId={subnet},Groups=[{}],AssociatePublicIpAddress=false' --iam-instance-profile Name={profile} --metadata-options HttpTokens=required --block-device-mappings 'DeviceName=/dev/xvda,Ebs={{Encrypted=true}}' --client-token {token} --count 1",
            groups.join(",")
        );
        let req = self
            .ec2
            .run_instances()
            .image_id(ami)
            .instance_type(instance_type.into())
            .min_count(1)
            .max_count(1)
            // In the network interface, so AssociatePublicIpAddress=false holds even in a
            // subnet that maps public IPs on launch (every default subnet does).
            .network_interfaces(
                aws_sdk_ec2::types::InstanceNetworkInterfaceSpecification::builder()
                    .device_index(0)
                    .subnet_id(subnet)
                    .set_groups(Some(groups.to_vec()))
                    .associate_public_ip_address(false)
                    .build(),
            )
            .iam_instance_profile(
                IamInstanceProfileSpecification::builder()
                    .name(profile)
                    .build(),
            )
            .metadata_options(
                InstanceMetadataOptionsRequest::builder()
                    .http_tokens(HttpTokensState::Required)
                    .build(),
            )
            .block_device_mappings(
                aws_sdk_ec2::types::BlockDeviceMapping::builder()
                    .device_name("/dev/xvda")
                    .ebs(
                        aws_sdk_ec2::types::EbsBlockDevice::builder()
                            .encrypted(true)
                            .build(),
                    )
                    .build(),
            )
            .client_token(token)
            .tag_specifications(tagged(
                ResourceType::Instance,
                run_id,
                "keystore-wizard-client",
            ));
        let out = self.call("ec2", "RunInstances", cli, req.send()).await?;
        Ok(out
            .instances()
            .first()
            .and_then(|i| i.instance_id())
            .unwrap_or_default()
            .into())
    }

    pub async fn instance(&self, id: &str) -> Result<Option<Instance>, CloudError> {
        let cli = format!("aws ec2 describe-instances --instance-ids {id}");
        let out = self
            .read("ec2", "DescribeInstances", cli, || {
                self.ec2.describe_instances().instance_ids(id).send()
            })
            .await
            .found()?;
        Ok(out.and_then(|o| {
            o.reservations()
                .iter()
                .flat_map(|r| r.instances())
                .next()
                .map(|i| Instance {
                    id: i.instance_id().unwrap_or_default().into(),
                    state: i
                        .state()
                        .and_then(|s| s.name())
                        .map(|n| n.as_str().to_string())
                        .unwrap_or_default(),
                    ip: i.private_ip_address().unwrap_or_default().into(),
                    subnet_id: i.subnet_id().unwrap_or_default().into(),
                    vpc_id: i.vpc_id().unwrap_or_default().into(),
                    eni: i
                        .network_interfaces()
                        .first()
                        .and_then(|n| n.network_interface_id())
                        .unwrap_or_default()
                        .into(),
                    groups: i
                        .network_interfaces()
                        .first()
                        .map(|n| n.groups())
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|g| g.group_id().map(str::to_string))
                        .collect(),
                })
        }))
    }

    /// Sets the security groups of a network interface (all of them: EC2 replaces the list).
    pub async fn set_interface_groups(
        &self,
        eni: &str,
        groups: &[String],
    ) -> Result<(), CloudError> {
        let cli = format!(
            "aws ec2 modify-network-interface-attribute --network-interface-id {eni} --groups {}",
            groups.join(" ")
        );
        self.call(
            "ec2",
            "ModifyNetworkInterfaceAttribute",
            cli,
            self.ec2
                .modify_network_interface_attribute()
                .network_interface_id(eni)
                .set_groups(Some(groups.to_vec()))
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn terminate(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws ec2 terminate-instances --instance-ids {id}");
        self.call(
            "ec2",
            "TerminateInstances",
            cli,
            self.ec2.terminate_instances().instance_ids(id).send(),
        )
        .await
        .map(|_| ())
        .gone_is_done()
    }

    /// Whether SSM manages the instance (its agent registered and Online).
    pub async fn ssm_online(&self, id: &str) -> Result<bool, CloudError> {
        let cli =
            format!("aws ssm describe-instance-information --filters Key=InstanceIds,Values={id}");
        let filter = aws_sdk_ssm::types::InstanceInformationStringFilter::builder()
            .key("InstanceIds")
            .values(id)
            .build()
            .map_err(|e| {
                CloudError::new(
                    "DescribeInstanceInformation",
                    super::ErrorKind::Invalid,
                    "ConstructionFailure",
                    e.to_string(),
                )
            })?;
        let out = self
            .read("ssm", "DescribeInstanceInformation", cli, || {
                self.ssm
                    .describe_instance_information()
                    .filters(filter.clone())
                    .send()
            })
            .await?;
        Ok(out
            .instance_information_list()
            .iter()
            .any(|i| i.ping_status().is_some_and(|p| p.as_str() == "Online")))
    }

    /// Runs a shell script (public values only) with AWS-RunShellScript; returns the command id.
    pub async fn send_script(
        &self,
        id: &str,
        lines: &[String],
        comment: &str,
    ) -> Result<String, CloudError> {
        let cli = format!(
            "aws ssm send-command --instance-ids {id} --document-name AWS-RunShellScript --comment {} --parameters commands=[…{} lines]",
            sh(comment),
            lines.len()
        );
        let req = self
            .ssm
            .send_command()
            .instance_ids(id)
            .document_name("AWS-RunShellScript")
            .comment(comment)
            .parameters("commands", lines.to_vec());
        let out = self.call("ssm", "SendCommand", cli, req.send()).await?;
        Ok(out
            .command()
            .and_then(|c| c.command_id())
            .unwrap_or_default()
            .into())
    }

    /// The invocation of `command` on `id`, or `None` while SSM does not show it yet.
    pub async fn invocation(
        &self,
        command: &str,
        id: &str,
    ) -> Result<Option<Invocation>, CloudError> {
        let cli =
            format!("aws ssm get-command-invocation --command-id {command} --instance-id {id}");
        let out = self
            .read("ssm", "GetCommandInvocation", cli, || {
                self.ssm
                    .get_command_invocation()
                    .command_id(command)
                    .instance_id(id)
                    .send()
            })
            .await
            .found()?;
        Ok(out.map(|o| Invocation {
            status: o
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            exit_code: o.response_code(),
            stdout: o.standard_output_content().unwrap_or_default().into(),
            stderr: o.standard_error_content().unwrap_or_default().into(),
        }))
    }
}
