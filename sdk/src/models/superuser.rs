//! Hand-written helpers on the `superuser` area's generated models.

use super::{CreateServiceKey, NewNamespaceQuota, PutServiceKey, UpdateNamespaceQuota};

impl CreateServiceKey {
    /// Adds one metadata entry.
    pub fn metadata_entry(
        mut self,
        key: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.metadata
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }
}

impl PutServiceKey {
    /// Adds one metadata entry to merge into the stored metadata.
    pub fn metadata_entry(
        mut self,
        key: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.metadata
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }

    /// Removes the expiry (sends `"expiration": null`).
    pub fn never_expires(self) -> Self {
        self.expiration_null()
    }
}

impl NewNamespaceQuota {
    /// A quota of `bytes` bytes.
    pub fn bytes(bytes: i64) -> Self {
        Self::NewQuotaBytes { limit_bytes: bytes }
    }

    /// A quota given as a human-readable size such as `5 GiB` or `500 MB`.
    pub fn size(size: impl Into<String>) -> Self {
        Self::NewQuotaLimit { limit: size.into() }
    }
}

impl UpdateNamespaceQuota {
    /// A new size of `bytes` bytes.
    pub fn bytes(bytes: i64) -> Self {
        Self::QuotaChangeBytes { limit_bytes: bytes }
    }

    /// A new size given as a human-readable size such as `20 GiB`.
    pub fn size(size: impl Into<String>) -> Self {
        Self::QuotaChangeLimit { limit: size.into() }
    }

    /// No change (`{}`).
    pub fn no_change() -> Self {
        Self::QuotaNoChange {}
    }
}
