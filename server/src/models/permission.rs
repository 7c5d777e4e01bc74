//! Schemas of the `permission` tag.
