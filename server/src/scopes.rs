//! OAuth scopes as Quay names and implies them.

use std::fmt;

/// One OAuth scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Scope {
    /// `repo:read`
    RepoRead = 1,
    /// `repo:write`
    RepoWrite = 2,
    /// `repo:admin`
    RepoAdmin = 4,
    /// `repo:create`
    RepoCreate = 8,
    /// `user:read`
    UserRead = 16,
    /// `user:admin`
    UserAdmin = 32,
    /// `org:admin`
    OrgAdmin = 64,
    /// `super:user`
    SuperUser = 128,
}

impl Scope {
    /// Every scope, in Quay's order.
    pub const ALL: [Scope; 8] = [
        Scope::RepoRead,
        Scope::RepoWrite,
        Scope::RepoAdmin,
        Scope::RepoCreate,
        Scope::UserRead,
        Scope::UserAdmin,
        Scope::OrgAdmin,
        Scope::SuperUser,
    ];

    /// The scope's name.
    pub fn name(self) -> &'static str {
        match self {
            Scope::RepoRead => "repo:read",
            Scope::RepoWrite => "repo:write",
            Scope::RepoAdmin => "repo:admin",
            Scope::RepoCreate => "repo:create",
            Scope::UserRead => "user:read",
            Scope::UserAdmin => "user:admin",
            Scope::OrgAdmin => "org:admin",
            Scope::SuperUser => "super:user",
        }
    }

    /// Parses one scope name.
    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A set of scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scopes(u8);

impl Scopes {
    /// Every scope.
    pub const ALL: Scopes = Scopes(u8::MAX);

    /// Parses a space- or comma-separated scope string; unknown names are an error.
    pub fn parse(text: &str) -> Result<Scopes, String> {
        let mut bits = 0u8;
        for name in text.split([' ', ',']).filter(|s| !s.is_empty()) {
            bits |= Scope::parse(name).ok_or_else(|| name.to_string())? as u8;
        }
        Ok(Scopes(bits))
    }

    /// Whether `scope` is in the set, with Quay's implications (`repo:admin` implies
    /// `repo:write` implies `repo:read`).
    pub fn has(self, scope: Scope) -> bool {
        let implied = match scope {
            Scope::RepoRead => {
                Scope::RepoRead as u8 | Scope::RepoWrite as u8 | Scope::RepoAdmin as u8
            }
            Scope::RepoWrite => Scope::RepoWrite as u8 | Scope::RepoAdmin as u8,
            other => other as u8,
        };
        self.0 & implied != 0
    }

    /// Whether every scope of `other` is in the set (explicitly).
    pub fn contains_all(self, other: Scopes) -> bool {
        self.0 & other.0 == other.0
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Scope::ALL
            .into_iter()
            .filter(|s| self.0 & (*s as u8) != 0)
            .map(Scope::name)
            .collect();
        f.write_str(&names.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_strings_and_implications() {
        let s = Scopes::parse("repo:admin,org:admin").unwrap();
        assert!(s.has(Scope::RepoRead) && s.has(Scope::RepoWrite) && s.has(Scope::OrgAdmin));
        assert!(!s.has(Scope::RepoCreate) && !s.has(Scope::SuperUser));
        assert_eq!(
            Scopes::parse("repo:read user:read").unwrap().to_string(),
            "repo:read user:read"
        );
        assert_eq!(
            Scopes::parse("nonsense:scope"),
            Err("nonsense:scope".into())
        );
        assert_eq!(Scopes::ALL.to_string().split(' ').count(), 8);
    }
}
