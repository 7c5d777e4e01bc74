//! Hand-written helpers on the `prototype` area's generated models.

use super::{
    PrototypeActivatingUser, PrototypeDelegate, PrototypeDelegateKind, PrototypeDelegateRef,
};

impl PrototypeDelegateRef {
    /// A user or robot (a robot by its full name, `org+short`).
    pub fn user(name: impl Into<String>) -> Self {
        Self::new(name, PrototypeDelegateKind::User)
    }

    /// A team of the organization.
    pub fn team(name: impl Into<String>) -> Self {
        Self::new(name, PrototypeDelegateKind::Team)
    }
}

impl From<&str> for PrototypeActivatingUser {
    fn from(name: &str) -> Self {
        Self::new(name)
    }
}

impl From<String> for PrototypeActivatingUser {
    fn from(name: String) -> Self {
        Self::new(name)
    }
}

impl PrototypeDelegate {
    /// The user's, robot's or team's name.
    pub fn name(&self) -> &str {
        match self {
            PrototypeDelegate::PrototypeUser(u) => &u.name,
            PrototypeDelegate::PrototypeTeam(t) => &t.name,
        }
    }

    /// Whether the delegate is a team.
    pub fn is_team(&self) -> bool {
        matches!(self, PrototypeDelegate::PrototypeTeam(_))
    }

    /// Whether the delegate is a robot account.
    pub fn is_robot(&self) -> bool {
        matches!(self, PrototypeDelegate::PrototypeUser(u) if u.is_robot)
    }
}
