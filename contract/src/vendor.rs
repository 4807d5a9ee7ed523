//! The vendor's OpenAPI document, read in place: which operation a recorded
//! request is, and whether a call that was meant to fill in every optional
//! input really put every parameter and body field the vendor declares on
//! the wire.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::recorder::Exchange;
use query::QueryNames;
use schema::{any_value, branches, join, kind_fits, pool, sent_paths};

/// One vendor OpenAPI document.
pub struct Document {
    root: Value,
}

/// What a schema declares about one key of an object.
pub enum Declared<'a> {
    /// A named property, with its schema.
    Property(&'a Value),
    /// Not named, but typed by `additionalProperties`.
    Extra(&'a Value),
    /// Neither: an extra key a typed client may drop.
    Undeclared,
}

/// Nesting limit when walking schemas, for the recursive ones.
const MAX_DEPTH: usize = 12;

impl Document {
    /// Reads a JSON or YAML document, one file or several, through the
    /// reader the importer uses, so both see the same tree.
    pub fn load(path: &Path) -> Result<Self, String> {
        let doc = sdkgen_openapi::Document::load(path).map_err(|e| e.to_string())?;
        Ok(Document::from_value(doc.root))
    }

    /// A document already parsed.
    pub fn from_value(root: Value) -> Self {
        Document { root }
    }

    /// The operation id the vendor gives the operation a request went to.
    pub fn operation_id(&self, exchange: &Exchange) -> Option<String> {
        let matched = self.operation_of(exchange)?;
        matched.op.get("operationId")?.as_str().map(str::to_owned)
    }

    /// The query parameter names (the operation's, then its path's) and the
    /// JSON body schema the vendor declares for the operation a request went to.
    fn declared_inputs(
        &self,
        exchange: &Exchange,
    ) -> Result<(QueryNames<'_>, Option<&Value>), String> {
        let matched = self.operation_of(exchange).ok_or_else(|| {
            format!(
                "the vendor document has no `{} {}`",
                exchange.method,
                exchange.path()
            )
        })?;
        let op = matched.op;
        // A query literal the template pins is declared by the template.
        let parameters = matched.operation.parameters(&self.root);
        let names = parameters
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap_or_default())
            .chain(paths::template_query_names(matched.template))
            .collect();
        let query = QueryNames::new(self, &parameters, names);
        // The schema of the media type the SDK sends; one of them when the vendor declares several.
        let body = op
            .get("requestBody")
            .map(|b| self.resolve(b))
            .and_then(|b| crate::request_body::sent_schema(&b["content"], &exchange.request_body));
        Ok((query, body))
    }

    /// Every query parameter and request body field the vendor declares for
    /// the operation of `exchange` that the request did not carry.
    ///
    /// Array items are pooled, so a list whose items take different `oneOf`
    /// branches can cover all of them; `readOnly` properties are not expected.
    pub fn missing_inputs(&self, exchange: &Exchange) -> Result<Vec<String>, String> {
        let (query, body_schema) = self.declared_inputs(exchange)?;
        let sent: BTreeSet<String> = exchange
            .query_names()
            .into_iter()
            .map(|n| query.owner(self, n))
            .collect();
        let mut missing: Vec<String> = query
            .names
            .into_iter()
            .filter(|name| !sent.contains(*name))
            .map(|name| format!("query parameter `{name}`"))
            .collect();
        if let Some(schema) = body_schema {
            let body = crate::request_body::fields(&exchange.request_body).unwrap_or(Value::Null);
            let mut expected = BTreeSet::new();
            self.properties(schema, "", 0, &body, &mut expected);
            let mut present = BTreeSet::new();
            sent_paths(&body, "", &mut present);
            for path in expected.difference(&present) {
                // Only the outermost missing field: its children are missing with it.
                let parent_missing = path.rfind('.').is_some_and(|i| {
                    let parent = path[..i].trim_end_matches("[]");
                    expected.contains(parent) && !present.contains(parent)
                });
                if !parent_missing {
                    missing.push(format!("body field `{path}`"));
                }
            }
        }
        Ok(missing)
    }

    /// Every query parameter and body field the request carried that the
    /// vendor does not declare for its operation (a misspelt wire name
    /// would pass Prism, which lets unknown keys through).
    pub fn undeclared_inputs(&self, exchange: &Exchange) -> Result<Vec<String>, String> {
        let (query, body_schema) = self.declared_inputs(exchange)?;
        let mut undeclared: Vec<String> = exchange
            .query_names()
            .into_iter()
            .map(|n| query.owner(self, n))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|n| !query.names.contains(&n.as_str()))
            .map(|n| format!("query parameter `{n}`"))
            .collect();
        if let Some(body) = crate::request_body::fields(&exchange.request_body) {
            match body_schema {
                // A scalar body (a file's bytes, base64 or raw) has no
                // fields, whatever its bytes happen to look like.
                Some(schema)
                    if self.resolve(schema)["type"]
                        .as_str()
                        .is_some_and(|t| !matches!(t, "object" | "array")) => {}
                Some(schema) => {
                    let mut fields = BTreeSet::new();
                    self.unknown_keys(&body, schema, "", 0, &mut fields);
                    undeclared.extend(fields.into_iter().map(|f| format!("body field `{f}`")));
                }
                None => undeclared.push("a body".to_owned()),
            }
        }
        Ok(undeclared)
    }

    fn unknown_keys(
        &self,
        value: &Value,
        schema: &Value,
        prefix: &str,
        depth: usize,
        out: &mut BTreeSet<String>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(fields) => {
                // A value of a union is checked against the branch it takes.
                let held = self.held(schema, value);
                let tags = self.tag_names(schema, 0);
                for (name, sub) in fields {
                    let path = join(prefix, name);
                    if tags.contains(name) {
                        continue;
                    }
                    match held.declared(name) {
                        Declared::Property(s) | Declared::Extra(s) => {
                            // Several parts may declare the property (an
                            // `allOf` adding fields to an object another
                            // part declares): a key is unknown only when
                            // none of them declares it.
                            let mut definitions = held.definitions(name);
                            if definitions.is_empty() {
                                definitions.push(s);
                            }
                            let mut common: Option<BTreeSet<String>> = None;
                            for d in definitions {
                                let mut unknown = BTreeSet::new();
                                self.unknown_keys(sub, d, &path, depth + 1, &mut unknown);
                                common = Some(match common {
                                    None => unknown,
                                    Some(c) => c.intersection(&unknown).cloned().collect(),
                                });
                            }
                            out.extend(common.unwrap_or_default());
                        }
                        Declared::Undeclared if held.takes_any_key() => {}
                        Declared::Undeclared => {
                            out.insert(path);
                        }
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = self.items(schema) {
                    for item in items {
                        self.unknown_keys(
                            item,
                            item_schema,
                            &format!("{prefix}[]"),
                            depth + 1,
                            out,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// The schema of the answer an exchange got, by its status (an exact
    /// code, then `2XX`-style ranges, then `default`).
    pub fn response_schema(&self, exchange: &Exchange) -> Option<&Value> {
        let op = self.operation_of(exchange)?.op;
        let responses = op.get("responses")?;
        let status = exchange.status.to_string();
        let range = format!("{}XX", &status[..1]);
        let response = [status.as_str(), range.as_str(), "default"]
            .iter()
            .find_map(|k| responses.get(*k))?;
        // The answer the SDK decodes: the first media type read as JSON, as the importer takes it.
        let content = self.resolve(response).get("content")?.as_object()?;
        content
            .iter()
            .find(|(media, _)| sdkgen::wire::reads_as_json(media))
            .and_then(|(_, item)| item.get("schema"))
    }

    /// Whether the operation of `exchange` declares an answer for its status
    /// (exactly, by range or as `default`); Prism answers what it does not
    /// declare only with its own refusals.
    pub fn declares_status(&self, exchange: &Exchange) -> bool {
        let Some(op) = self.operation_of(exchange).map(|m| m.op) else {
            return false;
        };
        let status = exchange.status.to_string();
        let range = format!("{}XX", &status[..1]);
        [status.as_str(), range.as_str(), "default"]
            .iter()
            .any(|k| op["responses"].get(*k).is_some())
    }

    /// Whether the answer `exchange` got is declared as an object (or a
    /// union or combination of objects): only such a body has a model in
    /// the SDK; any other is kept as the raw body of its error.
    pub fn answer_is_object(&self, exchange: &Exchange) -> bool {
        self.response_schema(exchange).is_some_and(|schema| {
            let schema = self.resolve(schema);
            schema["type"] == "object"
                || ["properties", "oneOf", "anyOf", "allOf"]
                    .iter()
                    .any(|k| schema.get(*k).is_some())
        })
    }

    /// Whether the operation of `exchange` declares an answer that is no
    /// error (any status below 400, a redirect of a sign-in included, or
    /// `default`). One that declares only errors leaves Prism nothing else
    /// to answer with.
    pub fn declares_success(&self, exchange: &Exchange) -> bool {
        self.operation_of(exchange).is_none_or(|m| {
            m.op["responses"]
                .as_object()
                .is_none_or(|r| r.keys().any(|k| !k.starts_with(['4', '5'])))
        })
    }

    /// What a schema says about the key `name` of an object it describes.
    /// A name required but declared by no property (nor branch, nor
    /// `additionalProperties`) is a key of any value: JSON Schema still
    /// wants it, and the SDK has a field of any value for it.
    pub fn property<'a>(&'a self, schema: &'a Value, name: &str) -> Declared<'a> {
        match self.declared(schema, name) {
            Declared::Undeclared if self.requires(schema, name, 0) => {
                Declared::Property(any_value())
            }
            found => found,
        }
    }

    /// [`Document::property`] as the document's properties say it.
    pub(super) fn declared<'a>(&'a self, schema: &'a Value, name: &str) -> Declared<'a> {
        let schema = self.resolve(schema);
        if let Some(sub) = schema.get("properties").and_then(|p| p.get(name)) {
            return Declared::Property(sub);
        }
        for branch in branches(schema) {
            if let found @ (Declared::Property(_) | Declared::Extra(_)) =
                self.declared(branch, name)
            {
                return found;
            }
        }
        match schema.get("additionalProperties") {
            Some(extra @ Value::Object(_)) if !extra.as_object().is_some_and(|o| o.is_empty()) => {
                Declared::Extra(extra)
            }
            _ => Declared::Undeclared,
        }
    }

    /// The item schema of an array schema.
    pub fn items<'a>(&'a self, schema: &'a Value) -> Option<&'a Value> {
        let schema = self.resolve(schema);
        schema
            .get("items")
            .or_else(|| branches(schema).find_map(|b| self.items(b)))
    }

    /// The schema of the request body value at a Prism violation location
    /// (`["request", "body", "records", "0", "emergency"]`).
    pub fn request_schema_at(&self, exchange: &Exchange, location: &[&str]) -> Option<&Value> {
        let mut schema = self.declared_inputs(exchange).ok()?.1?;
        for segment in location.strip_prefix(&["request", "body"])? {
            schema = if segment.parse::<usize>().is_ok() {
                self.items(schema)?
            } else {
                match self.property(schema, segment) {
                    Declared::Property(s) | Declared::Extra(s) => s,
                    Declared::Undeclared => return None,
                }
            };
        }
        Some(schema)
    }

    /// The document's root.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// `value`, or what its `$ref` (a chain of them) points to; `value`
    /// itself when a reference names nothing.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        sdkgen_openapi::pointer::deref(&self.root, "#", value).map_or(value, |(_, v)| v)
    }

    /// Dotted paths (`records[].emergency.location.id`) of every property a
    /// schema declares, through `allOf`, `oneOf`, `anyOf` and array items.
    fn properties(
        &self,
        schema: &Value,
        prefix: &str,
        depth: usize,
        sent: &Value,
        out: &mut BTreeSet<String>,
    ) {
        self.properties_of(schema, prefix, depth, sent, true, &mut Vec::new(), out);
    }

    /// [`Document::properties`]; `narrow` is off for the schema of array
    /// items, where the items sent together can cover every branch. `refs`
    /// are the `$ref`s being walked, outermost first.
    #[allow(clippy::too_many_arguments)] // one walk's state, threaded through its recursion
    fn properties_of(
        &self,
        schema: &Value,
        prefix: &str,
        depth: usize,
        sent: &Value,
        narrow: bool,
        refs: &mut Vec<String>,
        out: &mut BTreeSet<String>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let named = schema["$ref"].as_str().map(str::to_owned);
        if let Some(r) = &named {
            refs.push(r.clone());
        }
        let schema = self.resolve(schema);
        // A discriminated `oneOf`/`anyOf` expects only the fields of the
        // branch the sent tag picks: the others cannot be sent with it.
        // Items pooled from several values carry several tags: no narrowing.
        let picked = if narrow {
            self.tagged_branch(schema, sent)
        } else {
            None
        };
        // Without a tag, the branches sharing a field with the value sent
        // (one object can take only one branch's fields); all of them when
        // none does, or for array items, which pool every item sent.
        let sent_keys: Vec<&String> = sent
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let all_alternatives: Vec<&Value> = ["oneOf", "anyOf"]
            .iter()
            .flat_map(|k| schema[*k].as_array().into_iter().flatten())
            .collect();
        // A branch the value sent provably breaks (its tag's enum, say) is
        // not the one it took.
        let fitting: Vec<&Value> = all_alternatives
            .iter()
            .copied()
            .filter(|b| !narrow || sent.is_null() || !self.rejects(sent, b))
            .collect();
        let alternatives = if fitting.is_empty() {
            all_alternatives.clone()
        } else {
            fitting
        };
        let declares = |b: &Value, k: &str| matches!(self.declared(b, k), Declared::Property(_));
        // The branches declaring every key sent, else those declaring any.
        let mut touched: Vec<&Value> = alternatives
            .iter()
            .copied()
            .filter(|b| sent_keys.iter().all(|k| declares(b, k)))
            .collect();
        // Of several that declare them all, the one declaring least besides
        // (`{tollType}` is of `{tollType}` more than of `{preferredAreaCode, tollType}`).
        let counts: Vec<usize> = touched
            .iter()
            .map(|b| self.flat_properties(b).0.len())
            .collect();
        if let Some(&fewest) = counts.iter().min() {
            let mut count = counts.iter();
            touched.retain(|_| count.next() == Some(&fewest));
        }
        if touched.is_empty() {
            touched = alternatives
                .iter()
                .copied()
                .filter(|b| sent_keys.iter().any(|k| declares(b, k)))
                .collect();
        }
        for branch in branches(schema) {
            let alternative = all_alternatives.iter().any(|a| std::ptr::eq(*a, branch));
            let broken = alternative && !alternatives.iter().any(|a| std::ptr::eq(*a, branch));
            // A value of another kind than the branch's (a URL string for
            // an image object, a prompt string for a list of text blocks)
            // takes none of its fields.
            let other_kind =
                narrow && alternative && !sent.is_null() && !kind_fits(self.resolve(branch), sent);
            // Items pooled cover every branch of their union, but a branch
            // that is a union of shapes of its own (OpenAI's `Item` among
            // input items) is covered by the items that took it, each
            // walked alone below: one item per branch cannot cover its
            // members too.
            let nested_union = !narrow && alternative && self.unites_shapes(branch);
            let other_branch = other_kind
                || broken
                || nested_union
                || match picked {
                    Some(target) => alternative && !std::ptr::eq(target, branch),
                    None => {
                        narrow
                            && alternative
                            && !touched.is_empty()
                            && !touched.iter().any(|t| std::ptr::eq(*t, branch))
                    }
                };
            if !other_branch {
                self.properties_of(branch, prefix, depth + 1, sent, narrow, refs, out);
            }
        }
        if let Some(items) = schema.get("items") {
            let prefix = format!("{prefix}[]");
            // With room for one item only, it takes one branch, as an object would.
            let one_item = schema["maxItems"].as_u64().is_some_and(|m| m <= 1);
            // The items sent pooled into one value: a list of several items
            // is expected to cover every branch of a union of items...
            let pooled = sent
                .as_array()
                .map(|list| list.iter().fold(Value::Null, pool))
                .unwrap_or(Value::Null);
            let mut covered = BTreeSet::new();
            self.properties_of(
                items,
                &prefix,
                depth + 1,
                &pooled,
                one_item,
                refs,
                &mut covered,
            );
            let own_field = |path: &String| {
                path.strip_prefix(&prefix)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .is_some_and(|name| !name.contains(['.', '[']))
            };
            out.extend(covered.into_iter().filter(own_field));
            // ...but below its own fields, each item is of the branch it
            // takes: pooled, a union nested in the items was expected whole
            // (a file search's filters taken for a compound filter because
            // a web search sent filters of its own).
            for item in sent.as_array().into_iter().flatten() {
                self.properties_of(items, &prefix, depth + 1, item, true, refs, out);
            }
        }
        // A discriminator's tag is declared by naming it, whether or not a
        // branch lists it as a property.
        if let Some(tag) = schema["discriminator"]["propertyName"].as_str() {
            out.insert(join(prefix, tag));
        }
        // Of a `oneOf` whose branches require different names, the value
        // sent meets one; the names only the others require are left out.
        let met = schema["oneOf"].as_array().and_then(|branches| {
            branches.iter().find(|b| {
                b["required"].as_array().is_some_and(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .all(|n| sent.get(n).is_some())
                })
            })
        });
        let mut left_out = met.map_or_else(Vec::new, |b| crate::synth::exclusive_names(schema, b));
        // Of names a `not` forbids together, the value leaves one out.
        left_out.extend(crate::synth::not_together(schema));
        for (name, sub) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if left_out.contains(name) && sent.get(name).is_none() {
                continue;
            }
            if self.resolve(sub).get("readOnly") == Some(&Value::Bool(true)) {
                continue;
            }
            // A property leading back into a schema being walked (a contact's
            // groups listing their contacts) is one the inputs leave out,
            // so recursive schemas end (see `synth`); unless it was sent.
            let back = crate::synth::leads_back(sub, refs);
            if back && sent.get(name).is_none() {
                continue;
            }
            let path = join(prefix, name);
            out.insert(path.clone());
            self.properties_of(
                sub,
                &path,
                depth + 1,
                sent.get(name).unwrap_or(&Value::Null),
                true,
                refs,
                out,
            );
        }
        if named.is_some() {
            refs.pop();
        }
    }
}

mod held;
mod paths;
mod query;
mod schema;

pub use paths::is_uuid;

#[cfg(test)]
mod tests;
