//! AWS Systems Manager (awsJson 1.1, `AmazonSSM.*`): the public Amazon Linux 2023 AMI parameter
//! (GetParameter), the Session Manager preferences document (GetDocument), which instances are
//! managed (DescribeInstanceInformation: an instance registers only when it runs, its profile's
//! role has AmazonSSMManagedInstanceCore, and its network reaches SSM by the documented rules),
//! and Run Command (SendCommand, GetCommandInvocation, ListCommands) executed against the
//! simulated host by `shell.rs`. Must not depend on the wire layer beyond its error types.

mod shell;

use crate::hosts::{AGENT_VERSION, AL2023_AMI, Instance, SsmCommand, durations};
use crate::model::World;
use crate::wire::{ApiError, ApiResult, json_str};
use keystore_facts::reach;
use serde_json::{Value, json};

const SSM_CORE: &str = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

/// Whether the instance's SSM Agent is registered (Online) now.
fn registered(w: &World, region: &str, i: &Instance) -> bool {
    let Some(r) = w.regions.get(region) else {
        return false;
    };
    let running_long = i.state(w.now).0 == "running"
        && w.now >= i.launched + durations::INSTANCE_START + durations::SSM_REGISTER;
    let profile_ok = i
        .profile_name
        .as_ref()
        .and_then(|p| w.iam.instance_profiles.get(p))
        .is_some_and(|p| {
            p.roles
                .iter()
                .filter_map(|r| w.iam.roles.get(r))
                .any(|r| r.attached.iter().any(|a| a == SSM_CORE))
        });
    let network = crate::ec2::routes::network_of(r, region, i);
    running_long && profile_ok && reach::ssm_missing(&network).is_empty()
}

fn instance_ids(v: &Value) -> Vec<String> {
    let from = |list: &Value, key: &str| -> Vec<String> {
        list.as_array()
            .into_iter()
            .flatten()
            .filter(|f| {
                f[key] == "InstanceIds" || f[key] == "InstanceId" || f[key] == "instanceIds"
            })
            .flat_map(|f| {
                f["Values"]
                    .as_array()
                    .or(f["valueSet"].as_array())
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    };
    let mut ids = from(&v["Filters"], "Key");
    ids.extend(from(&v["InstanceInformationFilterList"], "key"));
    ids
}

fn invocation_json(c: &SsmCommand, status: &str) -> Value {
    let done = matches!(status, "Success" | "Failed");
    json!({
        "CommandId": c.id, "InstanceId": c.instance_id, "Comment": c.comment,
        "DocumentName": c.document, "DocumentVersion": "$DEFAULT", "PluginName": "aws:runShellScript",
        "ResponseCode": if done { c.exit_code } else { -1 },
        "ExecutionStartDateTime": "", "ExecutionElapsedTime": "",
        "Status": status, "StatusDetails": status,
        "StandardOutputContent": if done { c.stdout.as_str() } else { "" },
        "StandardErrorContent": if done { c.stderr.as_str() } else { "" },
        "StandardOutputUrl": "", "StandardErrorUrl": "",
        "CloudWatchOutputConfig": {"CloudWatchLogGroupName": "", "CloudWatchOutputEnabled": false},
    })
}

pub fn handle(w: &mut World, region: &str, op: &str, v: &Value) -> ApiResult<Value> {
    w.region_mut(region);
    let now = w.now;
    match op {
        "GetParameter" => {
            let name = json_str(v, "Name")?;
            if name != reach::AL2023_AMI_PARAMETER {
                return Err(ApiError::bad("ParameterNotFound", ""));
            }
            Ok(json!({"Parameter": {
                "Name": name, "Type": "String", "Value": AL2023_AMI, "Version": 97,
                "LastModifiedDate": 1.7e9, "DataType": "aws:ec2:image",
                "ARN": format!("arn:aws:ssm:{region}::parameter{name}"),
            }}))
        }
        "GetDocument" => {
            let name = json_str(v, "Name")?;
            let content = w
                .region_mut(region)
                .session_preferences
                .clone()
                .filter(|_| name == "SSM-SessionManagerRunShell")
                .ok_or_else(|| {
                    ApiError::bad("InvalidDocument", "The specified document does not exist.")
                })?;
            Ok(
                json!({"Name": name, "DocumentVersion": "1", "Status": "Active", "Content": content,
                      "DocumentType": "Session", "DocumentFormat": "JSON"}),
            )
        }
        "DescribeInstanceInformation" => {
            let ids = instance_ids(v);
            let r = w.region_mut(region).clone();
            let list: Vec<Value> = r
                .instances
                .values()
                .filter(|i| ids.is_empty() || ids.contains(&i.id))
                .filter(|i| registered(w, region, i))
                .map(|i| json!({
                    "InstanceId": i.id, "PingStatus": "Online", "LastPingDateTime": now,
                    "AgentVersion": AGENT_VERSION, "IsLatestVersion": true,
                    "PlatformType": "Linux", "PlatformName": "Amazon Linux", "PlatformVersion": "2023",
                    "ResourceType": "EC2Instance", "IPAddress": i.private_ip,
                    "ComputerName": format!("ip-{}.ec2.internal", i.private_ip.replace('.', "-")),
                    "AssociationStatus": "Success",
                }))
                .collect();
            Ok(json!({"InstanceInformationList": list}))
        }
        "SendCommand" => {
            let document = json_str(v, "DocumentName")?.to_string();
            if document != "AWS-RunShellScript" {
                return Err(ApiError::bad(
                    "InvalidDocument",
                    format!("Document {document} does not exist in your account"),
                ));
            }
            let ids: Vec<String> = v["InstanceIds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            let [id] = ids.as_slice() else {
                return Err(ApiError::bad(
                    "InvalidInstanceId",
                    "The sandbox runs a command on exactly one instance",
                ));
            };
            let commands: Vec<String> = v["Parameters"]["commands"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            if commands.is_empty() {
                return Err(ApiError::bad(
                    "InvalidParameters",
                    "Parameters [commands] are required",
                ));
            }
            let instance = w.region_mut(region).instances.get(id).cloned();
            if !instance.as_ref().is_some_and(|i| registered(w, region, i)) {
                return Err(ApiError::bad(
                    "InvalidInstanceId",
                    format!(
                        "Instances [[{id}]] not in a valid state for account {}",
                        w.account_id
                    ),
                ));
            }
            let ran = shell::run(w, region, id, &commands);
            let command_id = w.ids.uuid();
            let c = SsmCommand {
                id: command_id.clone(),
                instance_id: id.clone(),
                document: document.clone(),
                commands: commands.clone(),
                comment: v["Comment"].as_str().unwrap_or_default().into(),
                requested: now,
                exit_code: ran.exit_code,
                stdout: ran.stdout,
                stderr: ran.stderr,
                runs_for: crate::hosts::run_time(&commands),
            };
            let out = command_json(&c, now);
            w.region_mut(region).commands.insert(command_id, c);
            Ok(json!({"Command": out}))
        }
        "GetCommandInvocation" => {
            let id = json_str(v, "CommandId")?;
            let instance = json_str(v, "InstanceId")?;
            let r = w.region_mut(region);
            let c = r.commands.get(id).filter(|c| c.instance_id == instance);
            match c.and_then(|c| c.status(now).map(|s| (c, s))) {
                Some((c, status)) => Ok(invocation_json(c, status)),
                None => Err(ApiError::bad("InvocationDoesNotExist", "")),
            }
        }
        "ListCommands" => {
            let wanted = v["CommandId"].as_str();
            let r = w.region_mut(region);
            let list: Vec<Value> = r
                .commands
                .values()
                .filter(|c| wanted.is_none_or(|x| x == c.id))
                .map(|c| command_json(c, now))
                .collect();
            Ok(json!({"Commands": list}))
        }
        _ => Err(ApiError::bad(
            "UnknownOperationException",
            format!("The sandbox does not model SSM {op}"),
        )),
    }
}

fn command_json(c: &SsmCommand, now: f64) -> Value {
    let status = c.status(now).unwrap_or("Pending");
    json!({
        "CommandId": c.id, "DocumentName": c.document, "DocumentVersion": "$DEFAULT",
        "Comment": c.comment, "Parameters": {"commands": c.commands},
        "InstanceIds": [c.instance_id], "Targets": [], "RequestedDateTime": c.requested,
        "Status": status, "StatusDetails": status, "TimeoutSeconds": 3600,
        "TargetCount": 1, "CompletedCount": if matches!(status, "Success" | "Failed") { 1 } else { 0 },
        "ErrorCount": if status == "Failed" { 1 } else { 0 }, "DeliveryTimedOutCount": 0,
        "ServiceRole": "", "NotificationConfig": {"NotificationArn": "", "NotificationEvents": [], "NotificationType": ""},
        "CloudWatchOutputConfig": {"CloudWatchLogGroupName": "", "CloudWatchOutputEnabled": false},
        "MaxConcurrency": "50", "MaxErrors": "0",
    })
}
