//! The `logs` tag: the audit logs of a repository, the signed-in user and an organization, their
//! daily counts, and their export (Quay's `endpoints/api/logs.py`).

pub mod rules;
