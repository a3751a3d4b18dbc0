//! IAM's XML for policies, groups, users and roles (awsQuery members), and the percent-encoding
//! IAM applies to policy documents in its answers.

use crate::model::{Group, ManagedPolicy, Role, User, World};
use crate::wire::{iso8601, leaf, node};

pub fn policy_xml(p: &ManagedPolicy, attachments: usize) -> String {
    [
        leaf("PolicyName", &p.name),
        leaf("PolicyId", &p.id),
        leaf("Arn", &p.arn),
        leaf("Path", &p.path),
        leaf("DefaultVersionId", "v1"),
        leaf("AttachmentCount", attachments.to_string()),
        leaf("PermissionsBoundaryUsageCount", "0"),
        leaf("IsAttachable", "true"),
        leaf("Description", &p.description),
        leaf("CreateDate", iso8601(p.created)),
        leaf("UpdateDate", iso8601(p.created)),
    ]
    .concat()
}

pub(super) fn group_xml(w: &World, g: &Group) -> String {
    [
        leaf("Path", &g.path),
        leaf("GroupName", &g.name),
        leaf("GroupId", &g.id),
        leaf(
            "Arn",
            format!("arn:aws:iam::{}:group{}{}", w.account_id, g.path, g.name),
        ),
        leaf("CreateDate", iso8601(g.created)),
    ]
    .concat()
}

pub(super) fn user_xml(w: &World, u: &User) -> String {
    [
        leaf("Path", &u.path),
        leaf("UserName", &u.name),
        leaf("UserId", &u.id),
        leaf(
            "Arn",
            format!("arn:aws:iam::{}:user{}{}", w.account_id, u.path, u.name),
        ),
        leaf("CreateDate", iso8601(u.created)),
    ]
    .concat()
}

/// A role as GetRole shows it; the trust policy is URL-encoded on the wire, as IAM sends it.
pub fn role_xml(w: &World, r: &Role) -> String {
    let encoded = percent_encode(&r.trust_policy);
    let mut xml = [
        leaf("Path", &r.path),
        leaf("RoleName", &r.name),
        leaf("RoleId", &r.id),
        leaf(
            "Arn",
            format!("arn:aws:iam::{}:role{}{}", w.account_id, r.path, r.name),
        ),
        leaf("CreateDate", iso8601(r.created)),
        leaf("AssumeRolePolicyDocument", encoded),
        leaf("Description", &r.description),
        leaf("MaxSessionDuration", "3600"),
    ]
    .concat();
    let last = match &r.last_used {
        Some((t, region)) => [leaf("LastUsedDate", iso8601(*t)), leaf("Region", region)].concat(),
        None => String::new(),
    };
    xml.push_str(&node("RoleLastUsed", last));
    xml
}

/// RFC 3986 percent-encoding (spaces as %20), as IAM encodes policy documents; botocore
/// decodes them with `unquote`, which would leave a form-style `+` in place.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
