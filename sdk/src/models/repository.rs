//! Hand-written helpers on the `repository` area's generated models.

use super::{CreatedRepository, RepositoryDetail, RepositorySummary};

macro_rules! full_name {
    ($($t:ty),*) => {$(
        impl $t {
            /// `namespace/name`, the value [`Client::repository`](crate::Client::repository)
            /// takes.
            pub fn full_name(&self) -> String {
                format!("{}/{}", self.namespace, self.name)
            }
        }
    )*};
}

full_name!(CreatedRepository, RepositorySummary, RepositoryDetail);
