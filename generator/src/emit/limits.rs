//! What the API's rate-limit groups add to a crate: the group table and
//! budget headers `build` hands the runtime, and each method's group.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::lit;
use crate::ir::RateLimits;

/// `static RATE_GROUPS` and `RATE_HEADERS`; empty when the API has none.
pub fn tables(limits: Option<&RateLimits>) -> TokenStream {
    let Some(limits) = limits else {
        return TokenStream::new();
    };
    let groups = limits.groups.iter().map(|g| {
        let name = lit(&g.name);
        match g.requests {
            Some(requests) => {
                // Unsuffixed, as a person writes them.
                let requests = proc_macro2::Literal::u32_unsuffixed(requests);
                let seconds = proc_macro2::Literal::u64_unsuffixed(g.per_seconds);
                quote!(sdkgen_runtime::RateGroup::new(#name, #requests, std::time::Duration::from_secs(#seconds)))
            }
            None => quote!(sdkgen_runtime::RateGroup::unknown(#name)),
        }
    });
    let header = |h: &Option<String>| match h {
        Some(h) => {
            let h = lit(h);
            quote!(Some(#h))
        }
        None => quote!(None),
    };
    let (limit, remaining, window) = (
        header(&limits.limit_header),
        header(&limits.remaining_header),
        header(&limits.window_header),
    );
    quote! {
        /// The API's rate-limit groups: requests allowed per window.
        static RATE_GROUPS: &[sdkgen_runtime::RateGroup] = &[#(#groups),*];
        /// The response headers the server reports its budget in.
        const RATE_HEADERS: sdkgen_runtime::RateHeaders = sdkgen_runtime::RateHeaders {
            limit: #limit,
            remaining: #remaining,
            window: #window,
        };
    }
}

/// The line a method adds to its call when it counts against a group.
pub fn method_line(group: Option<&String>) -> Option<String> {
    let group = lit(group?);
    Some(quote!(call.rate_group(#group);).to_string())
}

/// The README's words on rate limits; empty when the API has none.
pub fn readme(limits: Option<&RateLimits>) -> String {
    let Some(limits) = limits else {
        return String::new();
    };
    let mut out = String::from(
        "Each method counts against one of the API's rate-limit groups (its documentation says which):\n\n",
    );
    for g in &limits.groups {
        let budget = match g.requests {
            Some(r) => format!("{r} requests per {} s", g.per_seconds),
            None => "a budget the server reports".to_owned(),
        };
        let about = g
            .description
            .as_deref()
            .map(|d| format!(": {}", d.trim()))
            .unwrap_or_default();
        out.push_str(&format!("- `{}`, {budget}{about}\n", g.name));
    }
    out.push_str("\n[`Client::builder().respect_rate_limits(true)`](ClientBuilder::respect_rate_limits) makes every call wait for its group's budget instead of drawing a 429: no window then holds more calls than the budget, across the client's clones and concurrent calls");
    let headers: Vec<String> = [
        &limits.limit_header,
        &limits.remaining_header,
        &limits.window_header,
    ]
    .into_iter()
    .flatten()
    .map(|h| format!("`{h}`"))
    .collect();
    if !headers.is_empty() {
        out.push_str(&format!(
            ", and the budget follows what the server reports in {}",
            headers.join(", ")
        ));
    }
    out.push_str(". Off by default; a 429 is then retried after the server's `Retry-After`, as the retry policy says.");
    out
}
