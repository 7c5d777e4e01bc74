//! Schemas of the `superuser` tag.
