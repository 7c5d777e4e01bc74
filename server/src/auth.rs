//! Who is calling, with which scopes, and what that allows (Quay's `auth/` and
//! `endpoints/api/__init__.py` rules, reference section 0.2-0.4).
//!
//! An unknown or invalid token is not refused: the caller is anonymous. A token's scopes cap
//! the roles its user has.

use rusqlite::Transaction;

use crate::config::Config;
use crate::error::QuayError;
use crate::models::TeamRole;
pub use crate::scopes::{Scope, Scopes};
use crate::store::access;
use crate::store::namespace::Namespace;

/// The caller of a request.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// The authenticated user (id, name), if the bearer token is valid.
    pub user: Option<(i64, String)>,
    /// The token's scopes (empty when anonymous).
    pub scopes: Scopes,
    /// The OAuth token, as audit entries name it (`None` when anonymous).
    pub oauth_token: Option<crate::store::audit::OAuthToken>,
    /// The web session the request came with (`_csrf_token` cookie), when it had no bearer
    /// token: signed in or anonymous.
    pub session: Option<crate::store::session::WebSession>,
}

/// What looking a token up found.
#[derive(Debug, Clone, Default)]
pub struct Identified {
    /// Who the caller is (anonymous for an unknown, expired or disabled-user token, as in Quay).
    pub identity: Identity,
    /// The token's last access is due to be recorded ([`access::touch_token`]).
    pub stale: bool,
    /// Seconds for which the recorded last access stays fresh.
    pub fresh_for_s: i64,
    /// When the token expires, if it does.
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Looks a bearer token up (reads only).
pub fn identify(tx: &Transaction<'_>, token: Option<&str>) -> Result<Identified, QuayError> {
    let Some(token) = token else {
        return Ok(Identified::default());
    };
    let Some(user) = access::token_user(tx, token)? else {
        return Ok(Identified::default());
    };
    Ok(Identified {
        identity: Identity {
            user: Some((user.id, user.name)),
            scopes: Scopes::parse(&user.scope).unwrap_or_default(),
            oauth_token: Some(user.token.clone()),
            session: None,
        },
        stale: user.stale,
        fresh_for_s: user.fresh_for_s,
        expires_at: user.expires_at,
    })
}

impl Identity {
    /// The caller of a web session: its user with every scope (a session has no scope limit),
    /// or anonymous.
    pub fn of_session(session: crate::store::session::WebSession) -> Self {
        Identity {
            user: session.user.clone(),
            scopes: if session.user.is_some() {
                Scopes::ALL
            } else {
                Scopes::default()
            },
            oauth_token: None,
            session: Some(session),
        }
    }

    /// Quay's `require_fresh_login` for a web session: signed in within `fresh_s` seconds
    /// (bearer tokens always pass; so does a user without a password, who cannot sign in again).
    pub fn is_fresh(&self, fresh_s: i64, has_password: bool) -> bool {
        match &self.session {
            Some(s) if self.user.is_some() => {
                !has_password
                    || s.login_time.is_some_and(|t| {
                        chrono::Utc::now() - t <= chrono::Duration::seconds(fresh_s)
                    })
            }
            _ => true,
        }
    }

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

    /// Quay's `require_user_admin`: a signed-in user (401) whose token has `user:admin` (403);
    /// the user's (id, name).
    pub fn user_admin(&self) -> Result<(i64, String), QuayError> {
        self.require_user()?;
        match &self.user {
            Some(user) if self.scopes.has(Scope::UserAdmin) => Ok(user.clone()),
            _ => Err(self.refuse()),
        }
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
    access::org_role(tx, org_id, user_id)
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
    let roles = access::repo_roles(tx, repo_id, user_id)?;
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

/// Quay's `require_repo_admin(allow_for_superuser=True)`, before the repository is looked up:
/// its administrators (of its namespace, when it does not exist), full-access superusers, and
/// with `global_readonly` global read-only superusers. The repository, if it exists.
pub fn require_repo_admin(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    repository: &str,
    global_readonly: bool,
) -> Result<Option<crate::store::repository::Repo>, QuayError> {
    let (ns, name) = repository
        .split_once('/')
        .ok_or_else(QuayError::not_found)?;
    let repo = crate::store::repository::lookup(tx, ns, name)?;
    let allowed = (global_readonly && who.is_global_readonly(cfg))
        || who.has_full_access(cfg)
        || match &repo {
            Some(r) => is_repo_admin(tx, cfg, who, r.id)?,
            None => {
                let owner = crate::store::namespace::user_or_org(tx, ns)?;
                who.scopes.has(Scope::RepoAdmin)
                    && administers_namespace(tx, cfg, who, ns, owner.as_ref())?
            }
        };
    if allowed { Ok(repo) } else { Err(who.refuse()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superuser_needs_the_scope_and_the_list() {
        let cfg = Config::default();
        let mut who = Identity {
            user: Some((1, "quayadmin".into())),
            scopes: Scopes::parse("org:admin").unwrap(),
            oauth_token: None,
            session: None,
        };
        assert!(!who.is_superuser(&cfg));
        who.scopes = Scopes::ALL;
        assert!(who.is_superuser(&cfg));
        assert!(!who.has_full_access(&cfg));
        who.user = Some((2, "bob".into()));
        assert!(!who.is_superuser(&cfg));
    }
}
