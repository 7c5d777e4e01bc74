//! Schemas of the `repository` tag.
