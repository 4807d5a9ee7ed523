//! Rate-limit groups: the group a vendor extension puts each operation in
//! becomes the method's `rate_limit`, and every group met a group of
//! `api.rate_limits`. Documents give the groups but not their budgets, so a
//! new `api.yaml` lists the groups with no budget (the client then follows
//! the budget the server's headers report) for the maintainer to fill in.

use serde_json::Value;

use crate::doc::str_of;
use crate::out::Node;

/// Extensions that name an operation's rate-limit group (RingCentral's
/// `x-throttling-group`).
const GROUP_EXTENSIONS: &[&str] = &["x-throttling-group"];

/// The groups met so far, in the order first met.
#[derive(Default)]
pub(crate) struct RateGroups {
    seen: Vec<String>,
}

impl RateGroups {
    /// The group `op` counts against, if an extension says.
    pub(crate) fn of(&mut self, op: &Value) -> Option<String> {
        let group = GROUP_EXTENSIONS
            .iter()
            .find_map(|e| str_of(op, e))
            .map(str::trim)
            .filter(|g| !g.is_empty())?
            .to_owned();
        if !self.seen.contains(&group) {
            self.seen.push(group.clone());
        }
        Some(group)
    }

    /// `api.rate_limits` for a new `api.yaml`, with a comment saying what is
    /// left to fill in; `None` when no operation names a group.
    pub(crate) fn api_node(&self) -> Option<(Node, String)> {
        if self.seen.is_empty() {
            return None;
        }
        let mut groups = Node::map();
        for g in &self.seen {
            groups.set(g, Node::map());
        }
        let mut node = Node::map();
        node.set("groups", groups);
        let why = format!(
            "groups from {}; the document gives no budgets: add `requests` and `per_seconds` (and `headers`, if the server reports its budget) from the API's documentation",
            GROUP_EXTENSIONS.join(", ")
        );
        Some((node, why))
    }
}
