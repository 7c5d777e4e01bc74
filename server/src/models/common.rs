//! Hand-written helpers on the shared generated models: Quay's avatars, stored roles.

#[allow(unused_imports)]
use super::*;

/// Quay's default `AVATAR_COLORS`.
const COLORS: [&str; 32] = [
    "#969696", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    "#bcbd22", "#1f77b4", "#17becf", "#9edae5", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede",
    "#9ecae1", "#31a354", "#b5cf6b", "#a1d99b", "#8c6d31", "#ad494a", "#e7ba52", "#a55194",
];

impl Avatar {
    /// Quay's avatar: SHA-256 of the trimmed, lower-cased e-mail address (or name), and a
    /// colour picked by the hash's first two hex digits.
    pub fn new(name: &str, email: Option<&str>, kind: AvatarKind) -> Self {
        use sha2::{Digest, Sha256};
        let source = email
            .filter(|e| !e.is_empty())
            .unwrap_or(name)
            .trim()
            .to_lowercase();
        let digest = Sha256::digest(source.as_bytes());
        let hash: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let color = COLORS[usize::from(digest[0]) % COLORS.len()].to_string();
        Self {
            name: name.to_string(),
            hash,
            color,
            kind,
        }
    }

    /// The avatar of a user or robot account (`kind` as stored: `robot`, else a user).
    pub fn account(name: &str, email: Option<&str>, kind: &str) -> Self {
        let kind = if kind == "robot" {
            AvatarKind::Robot
        } else {
            AvatarKind::User
        };
        Self::new(name, email, kind)
    }
}

impl RepositoryRole {
    /// A stored value; anything unknown reads as `read`.
    pub fn stored(s: &str) -> Self {
        Self::parse(s).unwrap_or(Self::Read)
    }
}

impl TeamRole {
    /// A stored value; anything unknown reads as `member`.
    pub fn stored(s: &str) -> Self {
        Self::parse(s).unwrap_or(Self::Member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avatars_match_quay() {
        let a = Avatar::new("quayadmin", Some("quayadmin@example.com"), AvatarKind::User);
        assert_eq!(
            a.hash,
            "3e82e9cbf62d25dec0ed1b4c66ca7c5d47ab9f1f271958298dea856fb26adc4c"
        );
        assert_eq!(a.color, "#e7ba52");
    }
}
