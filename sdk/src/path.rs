//! Path building: every parameter percent-encoded as one segment, `{repository}` as
//! `namespace/name` with literal slashes between its encoded segments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::Error;

/// Everything but RFC 3986 unreserved characters is encoded, so a value is always exactly one
/// path segment (`/`, `?`, `#`, `%`, `+` and spaces included).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment.
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// A repository reference, `namespace/name`, checked before anything is sent.
///
/// The name part may hold further `/` segments (nested repository names); the value is split
/// on the first `/`, as Quay does.
///
/// ```
/// use quay_sdk::RepositoryRef;
/// let repo: RepositoryRef = "acme/web".parse().unwrap();
/// assert_eq!(repo.namespace(), "acme");
/// assert_eq!(repo.name(), "web");
/// assert!("no-slash".parse::<RepositoryRef>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RepositoryRef {
    namespace: String,
    name: String,
}

impl RepositoryRef {
    /// Builds a reference from its two parts.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Result<Self, Error> {
        let (namespace, name) = (namespace.into(), name.into());
        if namespace.is_empty() || namespace.contains('/') {
            return Err(Error::invalid_input(format!(
                "repository namespace {namespace:?} must be non-empty and contain no '/'"
            )));
        }
        if name.is_empty() || name.split('/').any(str::is_empty) {
            return Err(Error::invalid_input(format!(
                "repository name {name:?} must be non-empty and have no empty '/' segments"
            )));
        }
        Ok(Self { namespace, name })
    }

    /// The namespace (organization or user) owning the repository.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The repository's name within its namespace.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value as sent in a path: every segment encoded, the slashes literal.
    pub fn to_path(&self) -> String {
        let mut out = encode_segment(&self.namespace);
        for segment in self.name.split('/') {
            out.push('/');
            out.push_str(&encode_segment(segment));
        }
        out
    }
}

impl std::str::FromStr for RepositoryRef {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.split_once('/') {
            Some((namespace, name)) => Self::new(namespace, name),
            None => Err(Error::invalid_input(format!(
                "repository {s:?} must be written namespace/name"
            ))),
        }
    }
}

impl std::fmt::Display for RepositoryRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

impl TryFrom<&str> for RepositoryRef {
    type Error = Error;
    fn try_from(s: &str) -> Result<Self, Error> {
        s.parse()
    }
}

impl TryFrom<String> for RepositoryRef {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl TryFrom<&String> for RepositoryRef {
    type Error = Error;
    fn try_from(s: &String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<&RepositoryRef> for RepositoryRef {
    fn from(r: &RepositoryRef) -> Self {
        r.clone()
    }
}

/// What [`Client::repository`](crate::Client::repository) takes: a [`RepositoryRef`] (owned or
/// borrowed) or a `namespace/name` string, checked before anything is sent.
pub trait IntoRepositoryRef {
    /// The reference, or [`Error::InvalidInput`] for a string that is not `namespace/name`.
    fn into_repository_ref(self) -> Result<RepositoryRef, Error>;
}

impl IntoRepositoryRef for RepositoryRef {
    fn into_repository_ref(self) -> Result<RepositoryRef, Error> {
        Ok(self)
    }
}

impl IntoRepositoryRef for &RepositoryRef {
    fn into_repository_ref(self) -> Result<RepositoryRef, Error> {
        Ok(self.clone())
    }
}

impl IntoRepositoryRef for &str {
    fn into_repository_ref(self) -> Result<RepositoryRef, Error> {
        self.parse()
    }
}

impl IntoRepositoryRef for String {
    fn into_repository_ref(self) -> Result<RepositoryRef, Error> {
        self.parse()
    }
}

impl IntoRepositoryRef for &String {
    fn into_repository_ref(self) -> Result<RepositoryRef, Error> {
        self.parse()
    }
}

/// One value substituted into a path template.
#[derive(Debug, Clone)]
pub(crate) enum PathValue<'a> {
    /// An ordinary parameter: one encoded segment; must not be empty.
    Segment(&'a str),
    /// `{repository}`: several segments.
    Repository(&'a RepositoryRef),
}

/// Fills `template` (`/api/v1/organization/{orgname}`) with `values`, in order of appearance.
pub(crate) fn fill(template: &str, values: &[PathValue<'_>]) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    let mut values = values.iter();
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .ok_or_else(|| Error::invalid_input(format!("malformed path template {template}")))?;
        let name = &rest[start + 1..end];
        match values.next() {
            Some(PathValue::Segment(v)) => {
                if v.is_empty() {
                    return Err(Error::invalid_input(format!(
                        "path parameter {name} is empty"
                    )));
                }
                out.push_str(&encode_segment(v));
            }
            Some(PathValue::Repository(r)) => out.push_str(&r.to_path()),
            None => {
                return Err(Error::invalid_input(format!(
                    "no value for path parameter {name} of {template}"
                )));
            }
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if values.next().is_some() {
        return Err(Error::invalid_input(format!(
            "too many path values for {template}"
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("acme+bot"), "acme%2Bbot");
        assert_eq!(encode_segment("a/b c?d#e%"), "a%2Fb%20c%3Fd%23e%25");
        assert_eq!(encode_segment("ok-._~9"), "ok-._~9");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn repository_keeps_its_slashes_literal() {
        let r: RepositoryRef = "acme/web/nested app".parse().unwrap();
        assert_eq!(r.namespace(), "acme");
        assert_eq!(r.name(), "web/nested app");
        assert_eq!(r.to_path(), "acme/web/nested%20app");
    }

    #[test]
    fn bad_repositories_are_refused() {
        for bad in ["", "acme", "/web", "acme/", "acme//web", "acme/web/"] {
            assert!(bad.parse::<RepositoryRef>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn templates_are_filled_in_order() {
        let r: RepositoryRef = "acme/web".parse().unwrap();
        let path = fill(
            "/api/v1/repository/{repository}/permissions/user/{username}",
            &[PathValue::Repository(&r), PathValue::Segment("acme+ci")],
        )
        .unwrap();
        assert_eq!(
            path,
            "/api/v1/repository/acme/web/permissions/user/acme%2Bci"
        );
        assert_eq!(
            fill("/api/v1/organization/", &[]).unwrap(),
            "/api/v1/organization/"
        );
    }

    #[test]
    fn missing_extra_and_empty_values_are_errors() {
        assert!(fill("/a/{x}", &[]).is_err());
        assert!(fill("/a", &[PathValue::Segment("x")]).is_err());
        assert!(fill("/a/{x}", &[PathValue::Segment("")]).is_err());
    }
}
