//! Schemas of the `team` tag.
