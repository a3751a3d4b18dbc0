//! IAM account aliases (CreateAccountAlias, DeleteAccountAlias, ListAccountAliases): an account
//! has at most one; the name rule is the model's, checked by the front end (`validate`). The
//! wizard reads the alias for its account guard (a blocked term in the alias stops a run).

use crate::model::World;
use crate::wire::{ApiError, ApiResult, Form, leaf, member_list};

pub fn handle(w: &mut World, op: &str, f: &Form) -> ApiResult<String> {
    match op {
        "ListAccountAliases" => Ok([
            // Aliases are [a-z0-9-] only, so they need no escaping.
            member_list("AccountAliases", w.iam.aliases.iter().cloned()),
            leaf("IsTruncated", "false"),
        ]
        .concat()),
        "CreateAccountAlias" => {
            let alias = f.required("AccountAlias")?;
            if w.iam.aliases.iter().any(|a| a == alias) {
                return Err(ApiError::new(
                    409,
                    "EntityAlreadyExists",
                    format!("The account alias {alias} already exists."),
                ));
            }
            // One alias per account: a new one replaces the old, as the console's "Edit" does.
            w.iam.aliases = vec![alias.to_string()];
            Ok(String::new())
        }
        "DeleteAccountAlias" => {
            let alias = f.required("AccountAlias")?;
            if !w.iam.aliases.iter().any(|a| a == alias) {
                return Err(ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("The account alias {alias} cannot be found."),
                ));
            }
            w.iam.aliases.retain(|a| a != alias);
            Ok(String::new())
        }
        _ => Err(crate::iam::unknown_operation(op)),
    }
}
