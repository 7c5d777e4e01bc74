//! Hand-written helpers on the `team` area's generated models.

use super::{TeamInviteView, TeamMemberOrInvite, TeamMemberView, TeamMembers};

impl TeamMemberOrInvite {
    /// The user or robot entry, if this is one.
    pub fn as_member(&self) -> Option<&TeamMemberView> {
        match self {
            TeamMemberOrInvite::TeamMemberView(m) => Some(m),
            _ => None,
        }
    }

    /// The e-mail invite, if this is one.
    pub fn as_email_invite(&self) -> Option<&TeamInviteView> {
        match self {
            TeamMemberOrInvite::TeamInviteView(i) => Some(i),
            _ => None,
        }
    }

    /// Whether the entry is pending (a user's invite or an e-mail invite), not a member.
    pub fn is_pending(&self) -> bool {
        match self {
            TeamMemberOrInvite::TeamMemberView(m) => m.invited,
            _ => true,
        }
    }
}

impl TeamMembers {
    /// The users and robots that are members (not invites).
    pub fn current_members(&self) -> impl Iterator<Item = &TeamMemberView> {
        self.members
            .iter()
            .filter_map(TeamMemberOrInvite::as_member)
            .filter(|m| !m.invited)
    }

    /// The pending invites: users' invites and e-mail invites.
    pub fn pending(&self) -> impl Iterator<Item = &TeamMemberOrInvite> {
        self.members.iter().filter(|m| m.is_pending())
    }
}
