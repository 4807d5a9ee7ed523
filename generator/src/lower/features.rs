//! `api.features`: each service behind a cargo feature, and each type
//! compiled under the features of the services that use it, so a program
//! that needs three services of a vendor's eighty compiles three.
//!
//! A type used by several services is compiled when any of them is on; a
//! type no gated service uses (one the token flow or an always-compiled
//! service needs, or one no method uses) is always compiled. The token
//! flow's services are never gated: the client calls them itself.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use super::usage::{closure, method_ids};
use crate::diag::KeyPath;
use crate::ir::{Features, Gate, Service, TypeDef, join_gate, service_gate};
use crate::{names, naming, spec};

impl Lowerer<'_> {
    /// Gives each service its feature, and returns the crate's features and
    /// each type's features (empty: always compiled).
    pub(super) fn features(
        &mut self,
        spec: Option<&spec::FeaturesSpec>,
        path: &KeyPath,
        services: &mut [Service],
        types: &[TypeDef],
    ) -> (Option<Features>, Vec<Vec<String>>) {
        let Some(spec) = spec else {
            return (None, vec![Vec::new(); types.len()]);
        };
        let mut by_spec_name: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, s) in services.iter().enumerate() {
            by_spec_name.insert(s.name.as_str(), i);
        }
        let mut default: BTreeSet<String> = BTreeSet::new();
        let mut defaults_at: Vec<usize> = Vec::new();
        for (i, name) in spec.default.iter().enumerate() {
            match by_spec_name.get(name.as_str()) {
                Some(&at) => defaults_at.push(at),
                None => {
                    let known = services.iter().map(|s| s.name.as_str());
                    let help = naming::closest(name, known)
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| "list services by their names under `services`".into());
                    self.error_help(
                        &path.key("default").index(i),
                        format!("no service named `{name}`"),
                        help,
                    );
                }
            }
        }
        let mut all = Vec::new();
        for (i, s) in services.iter_mut().enumerate() {
            // The client itself calls the token flow's methods (sign-in, refresh, sign-out).
            if s.methods
                .iter()
                .any(|m| m.stores_tokens.is_some() || m.signs_out)
            {
                continue;
            }
            let feature = names::avoid(s.module.clone(), names::FEATURES, names::FEATURE_SUFFIX);
            if defaults_at.contains(&i) {
                default.insert(feature.clone());
            }
            all.push(feature.clone());
            s.feature = Some(feature);
        }
        all.sort();
        // Each type's features: those of every service reaching it, or none when an ungated one does.
        let mut per_type: Vec<Gate> = vec![Some(BTreeSet::new()); types.len()];
        let mut reached_at_all = vec![false; types.len()];
        for s in services.iter() {
            let reached = closure(types, s.methods.iter().flat_map(method_ids).collect());
            let gate = service_gate(s);
            for id in (0..types.len()).filter(|&id| reached[id]) {
                reached_at_all[id] = true;
                join_gate(&mut per_type[id], &gate);
            }
        }
        // An `all_of` parent no method names is compiled with the models that include it.
        let direct = reached_at_all.clone();
        let mut changed = true;
        while changed {
            changed = false;
            for (id, t) in types.iter().enumerate() {
                let TypeDef::Model(m) = t else { continue };
                if !reached_at_all[id] {
                    continue;
                }
                for p in m.parents.iter().map(|p| p.id.0).filter(|&p| !direct[p]) {
                    let mut merged = if reached_at_all[p] {
                        per_type[p].clone()
                    } else {
                        Some(BTreeSet::new())
                    };
                    join_gate(&mut merged, &per_type[id]);
                    if !reached_at_all[p] || merged != per_type[p] {
                        reached_at_all[p] = true;
                        per_type[p] = merged;
                        changed = true;
                    }
                }
            }
        }
        // Always compiled: what an ungated service or no service reaches, and
        // every type those hold (an unused model may hold a gated service's type).
        let roots: Vec<usize> = (0..types.len())
            .filter(|&id| !reached_at_all[id] || per_type[id].is_none())
            .collect();
        let always = closure(types, roots);
        let type_features = per_type
            .into_iter()
            .zip(always)
            .map(|(set, always)| match set {
                Some(set) if !always => set.into_iter().collect(),
                _ => Vec::new(),
            })
            .collect();
        (
            Some(Features {
                all,
                default: default.into_iter().collect(),
            }),
            type_features,
        )
    }
}
