//! The `permission` tag.
