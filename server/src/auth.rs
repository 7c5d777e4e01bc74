//! Who is calling, with which scopes, and what that allows (Quay's `auth/` and
//! `endpoints/api/__init__.py` rules, reference section 0.2-0.4).
//!
//! An unknown or invalid token is not refused: the caller is anonymous. A token's scopes cap
//! the roles its user has.

use std::fmt;

use rusqlite::{OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::QuayError;
use crate::models::TeamRole;
use crate::store::namespace::Namespace;

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

/// The caller of a request.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// The authenticated user (id, name), if the bearer token is valid.
    pub user: Option<(i64, String)>,
    /// The token's scopes (empty when anonymous).
    pub scopes: Scopes,
}

/// SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Looks a bearer token up; an unknown, expired or disabled-user token gives an anonymous
/// identity, as in Quay.
pub fn identify(tx: &Transaction<'_>, token: Option<&str>) -> Result<Identity, QuayError> {
    let Some(token) = token else {
        return Ok(Identity::default());
    };
    let now = crate::time::now_db();
    let row: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT n.id, n.name, t.scope FROM access_token t JOIN namespace n ON n.id = t.user_id
             WHERE t.token_hash = ?1 AND n.enabled = 1 AND n.kind = 'user'
               AND (t.expires_at IS NULL OR t.expires_at > ?2)",
            (hash_token(token), &now),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, name, scope)) = row else {
        return Ok(Identity::default());
    };
    tx.execute(
        "UPDATE access_token SET last_accessed = ?1 WHERE token_hash = ?2",
        (&now, hash_token(token)),
    )?;
    Ok(Identity {
        user: Some((id, name)),
        scopes: Scopes::parse(&scope).unwrap_or_default(),
    })
}

impl Identity {
    /// The user id, or Quay's `Unauthorized` for anonymous callers.
    pub fn require_user(&self) -> Result<i64, QuayError> {
        self.user
            .as_ref()
            .map(|(id, _)| *id)
            .ok_or(QuayError::unauthorized(false))
    }

    /// The user id, if authenticated (the performer of what it does).
    pub fn user_id(&self) -> Option<i64> {
        self.user.as_ref().map(|(id, _)| *id)
    }

    /// The user name, if authenticated.
    pub fn username(&self) -> Option<&str> {
        self.user.as_ref().map(|(_, n)| n.as_str())
    }

    /// Quay's `Unauthorized` for this caller: 401 when anonymous, 403 otherwise.
    pub fn refuse(&self) -> QuayError {
        QuayError::unauthorized(self.user.is_some())
    }

    /// A superuser listed in `SUPER_USERS` whose token has `super:user`.
    pub fn is_superuser(&self, cfg: &Config) -> bool {
        cfg.FEATURE_SUPER_USERS
            && self.scopes.has(Scope::SuperUser)
            && self
                .username()
                .is_some_and(|u| cfg.SUPER_USERS.iter().any(|s| s == u))
    }

    /// A global read-only superuser (recognised by name, whatever the token's scopes).
    pub fn is_global_readonly(&self, cfg: &Config) -> bool {
        self.username()
            .is_some_and(|u| cfg.GLOBAL_READONLY_SUPER_USERS.iter().any(|s| s == u))
    }

    /// A superuser acting with full access to every namespace (`FEATURE_SUPERUSERS_FULL_ACCESS`).
    pub fn has_full_access(&self, cfg: &Config) -> bool {
        cfg.FEATURE_SUPERUSERS_FULL_ACCESS && self.is_superuser(cfg)
    }

    /// SU-read: any superuser, or a global read-only superuser.
    pub fn can_read_superuser_panel(&self, cfg: &Config) -> bool {
        self.is_superuser(cfg) || self.is_global_readonly(cfg)
    }
}

/// The organization-wide role of `user` in `org`: the strongest role of the teams it is in.
pub fn org_role(
    tx: &Transaction<'_>,
    org_id: i64,
    user_id: i64,
) -> Result<Option<String>, QuayError> {
    Ok(tx
        .query_row(
            "SELECT t.role FROM team t JOIN team_member m ON m.team_id = t.id
             WHERE t.org_id = ?1 AND m.user_id = ?2
             ORDER BY CASE t.role WHEN 'admin' THEN 0 WHEN 'creator' THEN 1 ELSE 2 END LIMIT 1",
            (org_id, user_id),
            |r| r.get(0),
        )
        .optional()?)
}

/// A full-access superuser; or a user whose token has one of `scopes` and for whom `holds`
/// (given the user id) is true: Quay's permissions with the token cap.
pub fn capped(
    cfg: &Config,
    who: &Identity,
    scopes: &[Scope],
    holds: impl FnOnce(i64) -> Result<bool, QuayError>,
) -> Result<bool, QuayError> {
    if who.has_full_access(cfg) {
        return Ok(true);
    }
    match who.user_id() {
        Some(uid) if scopes.iter().any(|s| who.scopes.has(*s)) => holds(uid),
        _ => Ok(false),
    }
}

/// `AdministerOrganizationPermission` with the token cap: org admin with `org:admin`, or a
/// full-access superuser.
pub fn is_org_admin(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    org_id: i64,
) -> Result<bool, QuayError> {
    capped(cfg, who, &[Scope::OrgAdmin], |uid| {
        Ok(org_role(tx, org_id, uid)?.as_deref() == Some("admin"))
    })
}

/// The caller's namespace-wide role in `name` (`ns`: that namespace, if it exists), capped by
/// its token's scopes as Quay caps team roles (`org:admin` up to admin, `repo:create` up to
/// creator, nothing else gives any). A user is the admin of its own namespace. Full-access
/// superusers are not considered here.
pub fn namespace_role(
    tx: &Transaction<'_>,
    who: &Identity,
    name: &str,
    ns: Option<&Namespace>,
) -> Result<Option<TeamRole>, QuayError> {
    let Some((uid, uname)) = &who.user else {
        return Ok(None);
    };
    let role = if uname == name {
        Some(TeamRole::Admin)
    } else {
        match ns {
            Some(n) if n.kind == "org" => {
                org_role(tx, n.id, *uid)?.and_then(|r| TeamRole::parse(&r))
            }
            _ => None,
        }
    };
    let cap = if who.scopes.has(Scope::OrgAdmin) {
        Some(TeamRole::Admin)
    } else if who.scopes.has(Scope::RepoCreate) {
        Some(TeamRole::Creator)
    } else {
        None
    };
    Ok(role.zip(cap).map(|(r, c)| r.min(c)))
}

/// Quay's `AdministerOrganizationPermission(name)` (own user namespace included) with the token
/// cap, or a full-access superuser.
pub fn administers_namespace(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
    ns: Option<&Namespace>,
) -> Result<bool, QuayError> {
    Ok(who.has_full_access(cfg) || namespace_role(tx, who, name, ns)? == Some(TeamRole::Admin))
}

/// Quay's `OrganizationMemberPermission(name)` (own user namespace included) with the token cap
/// (`org:admin` or `repo:create`), or a full-access superuser.
pub fn member_of_namespace(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
    ns: Option<&Namespace>,
) -> Result<bool, QuayError> {
    Ok(who.has_full_access(cfg) || namespace_role(tx, who, name, ns)?.is_some())
}

/// The effective role of `user` on a repository (direct, through teams, or as org admin),
/// before any token cap: `admin` > `write` > `read`.
pub fn repo_role(
    tx: &Transaction<'_>,
    repo_id: i64,
    user_id: i64,
) -> Result<Option<&'static str>, QuayError> {
    let mut roles: Vec<String> = Vec::new();
    let mut stmt = tx.prepare(
        "SELECT role FROM repo_user_permission WHERE repo_id = ?1 AND user_id = ?2
         UNION ALL
         SELECT p.role FROM repo_team_permission p JOIN team_member m ON m.team_id = p.team_id
           WHERE p.repo_id = ?1 AND m.user_id = ?2
         UNION ALL
         SELECT 'admin' FROM repository r JOIN team t ON t.org_id = r.namespace_id
           JOIN team_member m ON m.team_id = t.id
           WHERE r.id = ?1 AND m.user_id = ?2 AND t.role = 'admin'
         UNION ALL
         SELECT 'admin' FROM repository r WHERE r.id = ?1 AND r.namespace_id = ?2",
    )?;
    let rows = stmt.query_map((repo_id, user_id), |r| r.get::<_, String>(0))?;
    for row in rows {
        roles.push(row?);
    }
    Ok(["admin", "write", "read"]
        .into_iter()
        .find(|r| roles.iter().any(|x| x == r)))
}

/// `AdministerRepositoryPermission` with the token cap (`repo:admin`), or a full-access
/// superuser.
pub fn is_repo_admin(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    repo_id: i64,
) -> Result<bool, QuayError> {
    capped(cfg, who, &[Scope::RepoAdmin], |uid| {
        Ok(repo_role(tx, repo_id, uid)? == Some("admin"))
    })
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

    #[test]
    fn superuser_needs_the_scope_and_the_list() {
        let cfg = Config::default();
        let mut who = Identity {
            user: Some((1, "quayadmin".into())),
            scopes: Scopes::parse("org:admin").unwrap(),
        };
        assert!(!who.is_superuser(&cfg));
        who.scopes = Scopes::ALL;
        assert!(who.is_superuser(&cfg));
        assert!(!who.has_full_access(&cfg));
        who.user = Some((2, "bob".into()));
        assert!(!who.is_superuser(&cfg));
    }
}
