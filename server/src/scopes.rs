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

/// What Quay tells a user about a scope it is asked to grant (`auth/scopes.py`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeInfo {
    /// A short title.
    pub title: &'static str,
    /// What an application holding the scope may do.
    pub description: &'static str,
    /// A Font Awesome icon class.
    pub icon: &'static str,
    /// Whether Quay warns before granting it.
    pub dangerous: bool,
}

impl Scope {
    /// Quay's description of the scope.
    pub fn info(self) -> ScopeInfo {
        match self {
            Scope::RepoRead => ScopeInfo {
                title: "View all visible repositories",
                description: "This application will be able to view and pull all repositories visible to the granting user",
                icon: "fa-hdd-o",
                dangerous: false,
            },
            Scope::RepoWrite => ScopeInfo {
                title: "Read/Write to any accessible repositories",
                description: "This application will be able to view, push and pull to all repositories to which the granting user has write access",
                icon: "fa-hdd-o",
                dangerous: false,
            },
            Scope::RepoAdmin => ScopeInfo {
                title: "Administer Repositories",
                description: "This application will have administrator access to all repositories to which the granting user has access",
                icon: "fa-hdd-o",
                dangerous: false,
            },
            Scope::RepoCreate => ScopeInfo {
                title: "Create Repositories",
                description: "This application will be able to create repositories in all namespaces that the granting user is allowed to create repositories",
                icon: "fa-plus",
                dangerous: false,
            },
            Scope::UserRead => ScopeInfo {
                title: "Read User Information",
                description: "This application will be able to read user information such as username and email address.",
                icon: "fa-user",
                dangerous: false,
            },
            Scope::UserAdmin => ScopeInfo {
                title: "Administer User",
                description: "This application will be able to administer your account including creating robots and granting them permissions to your repositories. You should have absolute trust in the requesting application before granting this permission.",
                icon: "fa-gear",
                dangerous: true,
            },
            Scope::OrgAdmin => ScopeInfo {
                title: "Administer Organization",
                description: "This application will be able to administer your organizations including creating robots, creating teams, adjusting team membership, and changing billing settings. You should have absolute trust in the requesting application before granting this permission.",
                icon: "fa-gear",
                dangerous: true,
            },
            Scope::SuperUser => ScopeInfo {
                title: "Super User Access",
                description: "This application will be able to administer your installation including managing users, managing organizations and other features found in the superuser panel. You should have absolute trust in the requesting application before granting this permission.",
                icon: "fa-street-view",
                dangerous: true,
            },
        }
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

    /// The scopes in the set (explicitly), in Quay's order.
    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL
            .into_iter()
            .filter(move |s| self.0 & (*s as u8) != 0)
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
