//! Which route of the spec a request path is, from the generated route table: the feature
//! flags that register its operations (Quay registers nothing for a flag that is off) and the
//! methods it serves (the `Allow` header of a 405).
//!
//! Paths are matched as the pipeline dispatches them: `{repository}` re-encoded into one
//! segment, no trailing slash.

pub mod discovery;
mod table;

pub use table::ROUTES;

/// One operation's route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, Quay's trailing slash included.
    pub template: &'static str,
    /// The operationId.
    pub operation: &'static str,
    /// The flags that must all be on for Quay to register the operation.
    pub features: &'static [&'static str],
    /// Quay's handler is `@anon_allowed`: anonymous callers are served even with
    /// `FEATURE_ANONYMOUS_ACCESS` off.
    pub anon_allowed: bool,
    /// Quay's handler is `@require_fresh_login`: a web session must have signed in within
    /// `FRESH_LOGIN_TIMEOUT` (bearer tokens always pass).
    pub fresh_login: bool,
    /// Quay's handler is `@readonly_call_allowed`: a write it serves on a read-only registry.
    pub readonly_allowed: bool,
}

fn segments(path: &str) -> std::str::Split<'_, char> {
    path.trim_end_matches('/').split('/')
}

/// How well `template` fits `path`: `None` when it does not, else its number of literal
/// segments (the more, the more specific, as Werkzeug ranks rules). Allocates nothing: it runs
/// for every route on every request.
fn fit(template: &str, path: &str) -> Option<usize> {
    let (mut t, mut p) = (segments(template), segments(path));
    let mut literal = 0;
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(literal),
            (Some(t), Some(p)) => {
                if t.starts_with('{') {
                    if p.is_empty() {
                        return None;
                    }
                } else if t == p {
                    literal += 1;
                } else {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// The template a dispatched path is an instance of (the most specific one), if any.
pub fn template_of(path: &str) -> Option<&'static str> {
    ROUTES
        .iter()
        .filter_map(|r| fit(r.template, path).map(|score| (score, r.template)))
        .max_by_key(|(score, _)| *score)
        .map(|(_, t)| t)
}

/// The operations of the template `path` is an instance of.
pub fn routes_of(path: &str) -> impl Iterator<Item = &'static Route> {
    let template = template_of(path);
    ROUTES.iter().filter(move |r| Some(r.template) == template)
}

/// The value of the `Allow` header for `path`: the methods of its registered operations, with
/// `HEAD` beside `GET` and `OPTIONS` always, as Werkzeug answers; `None` for an unknown path.
pub fn allow(path: &str, registered: impl Fn(&Route) -> bool) -> Option<String> {
    template_of(path)?;
    let mut methods: Vec<&str> = routes_of(path)
        .filter(|r| registered(r))
        .map(|r| r.method)
        .collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.push("OPTIONS");
    methods.sort_unstable();
    methods.dedup();
    Some(methods.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_parameters() {
        assert_eq!(
            template_of("/api/v1/organization/acme/proxycache"),
            Some("/api/v1/organization/{orgname}/proxycache")
        );
        // An organization named like a literal segment is still an organization.
        assert_eq!(
            template_of("/api/v1/organization/proxycache"),
            Some("/api/v1/organization/{orgname}")
        );
        assert_eq!(
            template_of("/api/v1/superuser/users"),
            Some("/api/v1/superuser/users/")
        );
        assert_eq!(template_of("/api/v1/nothing/here"), None);
    }

    #[test]
    fn allow_lists_the_registered_methods() {
        assert_eq!(
            allow("/api/v1/organization/acme/team/ops", |_| true).as_deref(),
            Some("DELETE, OPTIONS, PUT")
        );
        assert_eq!(
            allow("/api/v1/organization/acme", |_| true).as_deref(),
            Some("DELETE, GET, HEAD, OPTIONS, PUT")
        );
        assert_eq!(
            allow("/api/v1/organization/acme", |r| r.method != "DELETE").as_deref(),
            Some("GET, HEAD, OPTIONS, PUT")
        );
        assert_eq!(allow("/api/v1/nope", |_| true), None);
    }
}
