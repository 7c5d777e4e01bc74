//! Schemas of the `robot` tag.
