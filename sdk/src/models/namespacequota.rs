//! Hand-written helpers on the `namespacequota` area's generated models.

use super::{NewNamespaceQuotaLimit, QuotaLimitType, UpdateNamespaceQuotaLimit};

impl NewNamespaceQuotaLimit {
    /// A limit of `kind` at `percent` of the quota.
    pub fn of(kind: QuotaLimitType, percent: i64) -> Self {
        Self::new(kind.to_string(), percent)
    }

    /// A warning at `percent` of the quota.
    pub fn warning(percent: i64) -> Self {
        Self::of(QuotaLimitType::Warning, percent)
    }

    /// A rejection of pushes at `percent` of the quota.
    pub fn reject(percent: i64) -> Self {
        Self::of(QuotaLimitType::Reject, percent)
    }
}

impl UpdateNamespaceQuotaLimit {
    /// Changes the limit's type.
    pub fn to_kind(self, kind: QuotaLimitType) -> Self {
        self.kind(kind.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_serialise_as_quay_reads_them() {
        assert_eq!(
            serde_json::to_value(NewNamespaceQuotaLimit::warning(80)).unwrap(),
            serde_json::json!({"type": "Warning", "threshold_percent": 80})
        );
        assert_eq!(
            serde_json::to_value(
                UpdateNamespaceQuotaLimit::new()
                    .to_kind(QuotaLimitType::Reject)
                    .threshold_percent(95)
            )
            .unwrap(),
            serde_json::json!({"type": "Reject", "threshold_percent": 95})
        );
        assert_eq!(
            serde_json::to_value(UpdateNamespaceQuotaLimit::new()).unwrap(),
            serde_json::json!({})
        );
    }
}
