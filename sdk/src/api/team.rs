//! The `team` tag.
