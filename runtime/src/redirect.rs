//! Following redirects in the runtime rather than in reqwest, so a 3xx the
//! spec declares (a 304 Not Modified, a 301 whose `Location` is the answer)
//! reaches the method instead of being followed.

use super::call::Call;

/// Redirects followed for one call before it fails with the last answer.
pub(crate) const MAX_REDIRECTS: u32 = 10;

/// Where an attempt goes: the call's own URL, or where redirects led.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) url: reqwest::Url,
    pub(crate) method: reqwest::Method,
    /// Whether the call's body goes along (a 303, or a 301/302 after a POST, turn it into a GET without one).
    pub(crate) body: bool,
    /// Whether the client's credentials go along: never to another origin.
    pub(crate) credentials: bool,
}

impl Target {
    pub(crate) fn new(url: reqwest::Url, call: &Call) -> Self {
        Target {
            url,
            method: call.method.clone(),
            body: true,
            credentials: true,
        }
    }

    /// Where an answer of `status` with a `Location` leads, when it is a
    /// redirect to follow: not one the call declares, and with a target.
    pub(crate) fn follow(
        &self,
        call: &Call,
        status: u16,
        location: Option<&str>,
    ) -> Option<Target> {
        if !matches!(status, 301 | 302 | 303 | 307 | 308)
            || call.declared_3xx.contains(&status)
            || call.success_3xx.contains(&status)
        {
            return None;
        }
        let url = self.url.join(location?).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        // As browsers and reqwest do: 303 always, and 301/302 after a POST, become a GET without a body.
        let to_get = status == 303 && self.method != reqwest::Method::HEAD
            || matches!(status, 301 | 302) && self.method == reqwest::Method::POST;
        let (method, body) = if to_get {
            (reqwest::Method::GET, false)
        } else {
            (self.method.clone(), self.body)
        };
        let credentials = self.credentials && url.origin() == self.url.origin();
        Some(Target {
            url,
            method,
            body,
            credentials,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(method: reqwest::Method) -> Call {
        let mut c = Call::new("op", method, "/x");
        c.redirect_statuses(&[304], &[301]);
        c
    }

    #[test]
    fn undeclared_redirects_are_followed_as_browsers_do_and_declared_ones_are_answers() {
        let here = Target::new(
            reqwest::Url::parse("https://api.example.com/v1/x").unwrap(),
            &call(reqwest::Method::POST),
        );
        let c = call(reqwest::Method::POST);
        let see_other = here.follow(&c, 303, Some("/v1/y?z=1")).unwrap();
        assert_eq!(
            (
                see_other.url.as_str(),
                see_other.method.as_str(),
                see_other.body,
                see_other.credentials
            ),
            ("https://api.example.com/v1/y?z=1", "GET", false, true)
        );
        let temporary = here
            .follow(&c, 307, Some("https://cdn.example.net/blob"))
            .unwrap();
        assert_eq!(
            (
                temporary.method.as_str(),
                temporary.body,
                temporary.credentials
            ),
            ("POST", true, false),
            "no credentials to another origin"
        );
        assert!(
            here.follow(&c, 301, Some("/elsewhere")).is_none(),
            "301 is declared"
        );
        assert!(here.follow(&c, 304, None).is_none());
        assert!(
            here.follow(&c, 302, None).is_none(),
            "no Location, nothing to follow"
        );
    }
}
