//! What the API's security schemes add to a crate: the scheme table the
//! runtime chooses credentials from, one client builder setter per scheme,
//! `Client::new`, a method's own requirement, and the README's words.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust::{ident, lit};
use crate::ir::{Api, KeyPlace, Method, SchemeKind, Security, SecurityScheme};

/// One argument of a setter: its name and the placeholder examples pass.
struct Arg {
    name: String,
    placeholder: String,
}

fn arg(name: &str, placeholder: &str) -> Arg {
    Arg {
        name: name.to_owned(),
        placeholder: placeholder.to_owned(),
    }
}

/// The arguments of a scheme's own setter.
fn args(scheme: &SecurityScheme) -> Vec<Arg> {
    match scheme.kind {
        SchemeKind::Basic => vec![arg("user", "USER"), arg("password", "PASSWORD")],
        SchemeKind::Bearer => vec![arg("token", "ACCESS_TOKEN")],
        SchemeKind::ApiKey { .. } => vec![arg("key", "API_KEY")],
        SchemeKind::OAuth2 { .. } => vec![arg("access_token", "ACCESS_TOKEN")],
    }
}

/// What the scheme sends, in words.
fn sends(scheme: &SecurityScheme) -> String {
    match &scheme.kind {
        SchemeKind::Basic => "HTTP basic authentication".into(),
        SchemeKind::Bearer => "a bearer token (`Authorization: Bearer <token>`)".into(),
        SchemeKind::ApiKey { place, name } => match place {
            KeyPlace::Header => format!("an API key in the `{name}` header"),
            KeyPlace::Query => format!("an API key in the `{name}` query parameter"),
            KeyPlace::Cookie => format!("an API key in the `{name}` cookie"),
        },
        SchemeKind::OAuth2 { .. } => {
            "an OAuth 2 access token (`Authorization: Bearer <token>`)".into()
        }
    }
}

/// `static SCHEMES` and `static REQUIRE`, handed to the runtime by `build`;
/// empty when the API declares no schemes.
pub fn tables(security: &Security) -> TokenStream {
    if security.schemes.is_empty() {
        return TokenStream::new();
    }
    let schemes = security.schemes.iter().map(|s| {
        let (name, setter) = (lit(&s.name), lit(&s.setter));
        let kind = match &s.kind {
            SchemeKind::Basic => quote!(sdkgen_runtime::SchemeKind::Basic),
            SchemeKind::Bearer => quote!(sdkgen_runtime::SchemeKind::Bearer),
            SchemeKind::ApiKey { place, name } => {
                let place = ident(&format!("{place:?}"));
                let name = lit(name);
                quote!(sdkgen_runtime::SchemeKind::ApiKey { place: sdkgen_runtime::Place::#place, name: #name })
            }
            SchemeKind::OAuth2 { token_url, client_credentials, .. } => {
                let url = match token_url {
                    Some(u) => {
                        let u = lit(u);
                        quote!(Some(#u))
                    }
                    None => quote!(None),
                };
                quote!(sdkgen_runtime::SchemeKind::OAuth2 { token_url: #url, client_credentials: #client_credentials })
            }
        };
        let signs_in = s.signs_in.then(|| quote!(.signs_in()));
        quote!(sdkgen_runtime::Scheme::new(#name, #setter, #kind) #signs_in)
    });
    let require = requirement(&security.require);
    quote! {
        /// The API's security schemes.
        static SCHEMES: &[sdkgen_runtime::Scheme] = &[#(#schemes),*];
        /// The credentials calls send unless their method says otherwise: the
        /// first alternative the client has every credential of.
        static REQUIRE: &[&[&str]] = #require;
    }
}

/// A requirement as a `&[&[&str]]` literal.
pub fn requirement(require: &[Vec<String>]) -> TokenStream {
    let alternatives = require.iter().map(|a| {
        let names = a.iter().map(|n| lit(n));
        quote!(&[#(#names),*])
    });
    quote!(&[#(#alternatives),*])
}

/// The client builder's setters, one per scheme (and per way an OAuth 2
/// scheme gets its tokens).
pub fn setters(security: &Security) -> TokenStream {
    security
        .schemes
        .iter()
        .map(|s| {
            let name = lit(&s.name);
            let setter = ident(&s.setter);
            let mut lines = vec![if s.name == s.setter {
                // The one-scheme form's scheme has no name of its own to cite.
                format!("Authenticates requests with {}.", sends(s))
            } else {
                format!("Sets the credentials of `{}`: {}.", s.name, sends(s))
            }];
            if let Some(description) = s.description.as_deref() {
                lines.push(String::new());
                lines.extend(docs::lines(description));
            }
            let doc = docs::literals(&lines).into_iter().map(|d| d.parse::<TokenStream>().unwrap_or_default());
            let value = match s.kind {
                SchemeKind::Basic => quote!(sdkgen_runtime::Credentials::Basic { user: user.into(), password: password.into() }),
                SchemeKind::Bearer => quote!(sdkgen_runtime::Credentials::Bearer(token.into())),
                SchemeKind::ApiKey { .. } => quote!(sdkgen_runtime::Credentials::Key(key.into())),
                SchemeKind::OAuth2 { .. } => quote!(sdkgen_runtime::Credentials::Bearer(access_token.into())),
            };
            let params = args(s).into_iter().map(|a| {
                let a = ident(&a.name);
                quote!(#a: impl Into<String>)
            });
            let mut out = quote! {
                #(#[doc = #doc])*
                pub fn #setter(self, #(#params),*) -> Self {
                    self.credential(#name, #value)
                }
            };
            let url = match &s.kind {
                SchemeKind::OAuth2 { token_url: Some(u), .. } => u.as_str(),
                _ => "",
            };
            if let Some(cc) = s.client_credentials_setter() {
                let (cc, doc) = (ident(&cc), lit(&format!(" Sets the OAuth 2 client of `{}`: the client fetches access tokens from `{url}` with the `client_credentials` grant (one request for concurrent calls), and a new one shortly before it expires or when the API refuses it.", s.name)));
                out.extend(quote! {
                    #[doc = #doc]
                    pub fn #cc(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                        self.credential(#name, sdkgen_runtime::Credentials::ClientCredentials { client_id: client_id.into(), client_secret: client_secret.into() })
                    }
                });
            }
            if let Some(rt) = s.refresh_token_setter() {
                let (rt, doc) = (ident(&rt), lit(&format!(" Sets a refresh token of `{}` obtained elsewhere (a sign-in in a browser): the client trades it for access tokens at `{url}`, and again when they expire or are refused. A public client passes an empty `client_secret`.", s.name)));
                out.extend(quote! {
                    #[doc = #doc]
                    pub fn #rt(self, client_id: impl Into<String>, client_secret: impl Into<String>, refresh_token: impl Into<String>) -> Self {
                        self.credential(#name, sdkgen_runtime::Credentials::RefreshToken { client_id: client_id.into(), client_secret: client_secret.into(), refresh_token: refresh_token.into() })
                    }
                });
            }
            out
        })
        .collect()
}

/// The schemes of a requirement's first alternative (of the default one:
/// what `Client::new` takes).
fn first<'a>(security: &'a Security, require: &[Vec<String>]) -> Vec<&'a SecurityScheme> {
    require
        .first()
        .into_iter()
        .flatten()
        .filter_map(|n| security.scheme(n))
        .collect()
}

/// The arguments of `Client::new`, paired with the setter each goes to.
fn new_args(security: &Security) -> Vec<(&SecurityScheme, Vec<Arg>)> {
    alternative_args(security, &security.require)
}

/// The credentials of `require`'s first alternative, paired with the
/// setter each goes to.
fn alternative_args<'a>(
    security: &'a Security,
    require: &[Vec<String>],
) -> Vec<(&'a SecurityScheme, Vec<Arg>)> {
    let schemes = first(security, require);
    let several = schemes.len() > 1;
    schemes
        .into_iter()
        .map(|s| {
            let mut own = args(s);
            if several {
                // Several schemes at once: each argument says whose it is.
                let single = own.len() == 1;
                for a in &mut own {
                    a.name = if single {
                        s.setter.clone()
                    } else {
                        format!("{}_{}", s.setter, a.name)
                    };
                    a.placeholder = if single {
                        s.setter.to_uppercase()
                    } else {
                        format!("{}_{}", s.setter, a.placeholder).to_uppercase()
                    };
                }
            }
            (s, own)
        })
        .collect()
}

/// `Client::new`: a client for the default environment with the
/// credentials of the default requirement's first alternative.
pub fn constructor(security: &Security) -> TokenStream {
    let args = new_args(security);
    let params = args.iter().flat_map(|(_, a)| a).map(|a| {
        let a = ident(&a.name);
        quote!(#a: impl Into<String>)
    });
    let calls = args.iter().map(|(s, a)| {
        let setter = ident(&s.setter);
        let names = a.iter().map(|a| ident(&a.name));
        quote!(.#setter(#(#names),*))
    });
    let doc = if args.is_empty() {
        " A client for the default environment.".to_owned()
    } else {
        let names: Vec<String> = args.iter().map(|(s, _)| format!("`{}`", s.name)).collect();
        format!(
            " A client for the default environment with the credentials of {}.",
            names.join(" and ")
        )
    };
    let doc = lit(&doc);
    quote! {
        #[doc = #doc]
        pub fn new(#(#params),*) -> Result<Self, crate::Error> {
            Self::builder() #(#calls)* .build()
        }
    }
}

/// `Client::new(…)` as examples write it, with placeholders.
pub fn new_call(api: &Api) -> String {
    let placeholders: Vec<String> = new_args(&api.security)
        .iter()
        .flat_map(|(_, a)| a)
        .map(|a| format!("{:?}", a.placeholder))
        .collect();
    format!(
        "{}::Client::new({})",
        api.crate_name.replace('-', "_"),
        placeholders.join(", ")
    )
}

/// The builder calls that set the credentials of the first alternative of
/// `m`'s requirement (the API's default one unless `m` states its own), for
/// examples that build a client by hand.
pub fn builder_calls(api: &Api, m: &Method) -> String {
    let require = m.security.as_ref().unwrap_or(&api.security.require);
    alternative_args(&api.security, require)
        .iter()
        .map(|(s, a)| {
            let values: Vec<String> = a.iter().map(|a| format!("{:?}", a.placeholder)).collect();
            format!(".{}({})", s.setter, values.join(", "))
        })
        .collect()
}

/// The client an example of `m` builds: `Client::new(…)` when `m` needs
/// the credentials `Client::new` takes (or none), else a builder setting
/// those of its own requirement's first alternative, so the example's
/// call would be sent with them.
pub fn example_client(api: &Api, m: &Method) -> String {
    let default = first(&api.security, &api.security.require);
    match &m.security {
        Some(own) if !own.is_empty() && first(&api.security, own) != default => format!(
            "{}::Client::builder(){}.build()",
            api.crate_name.replace('-', "_"),
            builder_calls(api, m)
        ),
        _ => new_call(api),
    }
}

/// The line a method adds to its call when its requirement is its own.
pub fn method_line(require: Option<&Vec<Vec<String>>>) -> Option<String> {
    let require = require?;
    Some(if require.is_empty() {
        "call.without_auth();".into()
    } else {
        let r = requirement(require);
        quote!(call.security(#r);).to_string()
    })
}

/// A requirement in words: "`A` and `B`, or `C`"; "no credentials" when empty.
pub fn in_words(require: &[Vec<String>]) -> String {
    if require.is_empty() {
        return "no credentials".into();
    }
    require
        .iter()
        .map(|a| {
            if a.is_empty() {
                "none".to_owned()
            } else {
                a.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            }
        })
        .collect::<Vec<_>>()
        .join(", or ")
}

/// The README's authentication section, from the schemes; `flow` is what
/// the token flow's sign-in adds, if the API has one.
pub fn readme(api: &Api, flow: Option<String>) -> String {
    let security = &api.security;
    if security.schemes.is_empty() {
        return "The API declares no credentials: [`Client::new()`](Client::new) is ready to use."
            .into();
    }
    let krate = api.crate_name.replace('-', "_");
    let mut out = String::new();
    if let [only] = security.schemes.as_slice() {
        if security.require == [vec![only.name.clone()]] {
            if let Some(flow) = flow {
                return flow;
            }
            let args = args(only)
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let (sends, setter) = (sends(only), &only.setter);
            return format!(
                "Requests carry {sends}: [`{krate}::Client::new({args})`](Client::new), or [`Client::builder().{setter}({args})`](ClientBuilder::{setter})."
            );
        }
    }
    out.push_str(
        "The API declares these security schemes; the client builder has a method for each:\n\n",
    );
    for s in &security.schemes {
        let values = args(s)
            .iter()
            .map(|a| format!("{:?}", a.placeholder))
            .collect::<Vec<_>>()
            .join(", ");
        let (name, sends, setter) = (&s.name, sends(s), &s.setter);
        out.push_str(&format!(
            "- `{name}`, {sends}: [`Client::builder().{setter}({values})`](ClientBuilder::{setter})"
        ));
        if let Some(cc) = s.client_credentials_setter() {
            out.push_str(&format!(
                "; or [`.{cc}(\"CLIENT_ID\", \"CLIENT_SECRET\")`](ClientBuilder::{cc}), and the client fetches its tokens"
            ));
        }
        if let Some(rt) = s.refresh_token_setter() {
            out.push_str(&format!("; or [`.{rt}(\"CLIENT_ID\", \"CLIENT_SECRET\", \"REFRESH_TOKEN\")`](ClientBuilder::{rt}), and the client trades it for tokens"));
        }
        out.push_str(".\n");
    }
    out.push_str(&format!(
        "\nCalls send {} unless their method's documentation says otherwise: the first of these the client has every credential of. A call the client has no credentials for returns [`Error::Credentials`](Error::Credentials), naming what it needs, without sending anything. [`{}`](Client::new) sets the first.",
        in_words(&security.require),
        new_call(api)
    ));
    if let Some(flow) = flow {
        out.push_str("\n\n");
        out.push_str(&flow);
    }
    out
}
