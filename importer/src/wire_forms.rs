//! What a request can carry where: the path it sends (a `#fragment` is
//! never sent), the parameters its path template names, and the forms a
//! parameter can be written in (a list of objects or a union has none).

use serde_json::Value;

use crate::Importer;
use crate::doc::str_of;

impl Importer<'_> {
    /// The part of the path key `path` that is sent: a `#` starts a URL
    /// fragment, which a client never sends. Documents use one to list two
    /// operations on the same path and verb (Box's `/oauth2/token#refresh`),
    /// which OpenAPI's path keys could not tell apart otherwise; each stays
    /// a method of its own, named from the whole key. A fixed query in the
    /// key (Dropbox Sign's `/oauth/token?refresh`) is sent, in the spec's
    /// form of it.
    pub(crate) fn sent_path(&mut self, pointer: &str, path: &str) -> String {
        let sent = match path.split_once('#') {
            Some((sent, fragment)) => {
                self.report.add(
                    pointer,
                    format!("the path's `#{fragment}` is a URL fragment, which is never sent: the method calls `{sent}`"),
                );
                sent
            }
            None => path,
        };
        let Some((route, query)) = sent.split_once('?') else {
            return sent.to_owned();
        };
        // A fixed query key of no value (`/oauth/token?refresh`, the way
        // some documents list a second operation on a path) is written
        // with an empty one, the form the spec takes; empty pairs go.
        let pairs: Vec<String> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.contains('=') {
                true => pair.to_owned(),
                false => format!("{pair}="),
            })
            .collect();
        let written = match pairs.is_empty() {
            true => route.to_owned(),
            false => format!("{route}?{}", pairs.join("&")),
        };
        if written != sent {
            self.report.add(
                pointer,
                format!("the path's fixed query `?{query}` is sent as `{written}`: each key of no value with an empty one"),
            );
        }
        written
    }

    /// Whether a parameter of type `expr` in `location` has a form to be
    /// written in: a scalar (a primitive, an enum, an alias of either) or a
    /// list of scalars anywhere; in the query also an object or a map (one
    /// pair per entry), and anything under `style: deepObject`. A union, or
    /// a list of objects, unions or lists, has none (OpenAPI defines no way
    /// to write one into a URL or a header).
    pub(crate) fn has_wire_form(&self, expr: &str, location: &str, deep: bool) -> bool {
        // Which section a type is defined in: inline types are defined as
        // they are met, components once the queue reaches them.
        let section = |name: &str| -> Option<&str> {
            if let Some(def) = self.defs.get(name) {
                return Some(def.section);
            }
            self.component_kinds
                .get(name)
                .map(|kind| crate::defs::section_of(*kind))
        };
        let object = |e: &str| e.starts_with("map<") || section(e) == Some("models");
        if location == "query" && (deep || object(expr)) {
            return true;
        }
        let scalar = |e: &str| {
            !e.starts_with("list<")
                && !e.starts_with("map<")
                && matches!(section(e), None | Some("enums" | "aliases"))
        };
        scalar(crate::types::list_item(expr).unwrap_or(expr))
    }

    /// Makes the path parameters `all` declares those the path template
    /// uses: a name the template uses that no parameter declares is added
    /// as a required `string` (the call could not be made without it), and
    /// a path parameter the template does not use is left out (no request
    /// has a place for it); each reported.
    pub(crate) fn match_path_parameters(
        &mut self,
        pointer: &str,
        path: &str,
        all: &mut Vec<(String, Value)>,
    ) {
        // A template the generator cannot read is reported by it, with its place.
        let Ok(parts) = sdkgen::lower::paths::split_fixed_query(path)
            .and_then(|(path, _)| sdkgen::lower::paths::split_template(path))
        else {
            return;
        };
        let used = sdkgen::lower::paths::placeholders(&parts);
        let is_path = |p: &Value| str_of(p, "in") == Some("path");
        all.retain(|(at, p)| {
            let name = str_of(p, "name").unwrap_or_default();
            if !is_path(p) || used.contains(&name) {
                return true;
            }
            self.report.add(
                at,
                format!("path parameter `{name}` does not appear in the path `{path}`: left out"),
            );
            false
        });
        for name in used {
            if all
                .iter()
                .any(|(_, p)| is_path(p) && str_of(p, "name") == Some(name))
            {
                continue;
            }
            self.report.add(
                pointer,
                format!("the path uses `{{{name}}}` but no parameter declares it: a required `string` parameter"),
            );
            all.push((
                pointer.to_owned(),
                serde_json::json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}),
            ));
        }
    }
}
