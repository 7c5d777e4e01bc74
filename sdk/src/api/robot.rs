//! The `robot` tag.
