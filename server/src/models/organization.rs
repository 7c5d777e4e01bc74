//! Schemas of the `organization` tag.
