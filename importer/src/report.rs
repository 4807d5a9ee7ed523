//! What the importer could not carry over exactly, each with the JSON
//! pointer of the document item and what was done instead.

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// JSON pointer into the document (`#/paths/~1devices/get/parameters/2`).
    pub pointer: String,
    /// What could not be mapped, and what the spec holds instead.
    pub message: String,
}

/// Findings, kept sorted and without repeats so reports are deterministic.
#[derive(Default, Debug)]
pub struct Report {
    findings: std::collections::BTreeSet<Finding>,
}

impl Report {
    /// Records a finding at `pointer`.
    pub fn add(&mut self, pointer: &str, message: impl Into<String>) {
        self.findings.insert(Finding {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// The findings with each pointer replaced by `locate(pointer)`: the
    /// file and pointer where a multi-file document really has the item.
    pub fn relocate(&mut self, locate: impl Fn(&str) -> String) {
        self.findings = std::mem::take(&mut self.findings)
            .into_iter()
            .map(|f| Finding {
                pointer: locate(&f.pointer),
                message: f.message,
            })
            .collect();
    }

    /// Every finding, ordered by pointer.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter()
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }
}
