//! Bearer tokens already looked up: a request whose token was identified since the last
//! committed write skips the database (and the hop to the blocking pool) entirely. Any write
//! invalidates every entry, so a revoked token, a disabled user or a changed scope is seen at
//! once; expiry and the last-access interval are checked on every hit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::auth::{Identified, Identity, identify};
use crate::error::QuayError;
use crate::store::Store;
use crate::store::access::{hash_token, touch_token};

/// At most this many tokens are remembered (the map is cleared when full).
const CAPACITY: usize = 10_000;

struct Entry {
    generation: u64,
    identity: Arc<Identity>,
    expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the token's recorded last access becomes due again.
    touch_due: Instant,
}

/// The cache; shared by every request.
#[derive(Default)]
pub struct Identities {
    entries: Mutex<HashMap<String, Entry>>,
}

impl std::fmt::Debug for Identities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Identities")
    }
}

impl Identities {
    /// Who `token` is, recording its access when due (the only write a read request makes).
    pub async fn identify(
        &self,
        store: &Store,
        token: Option<&str>,
    ) -> Result<Arc<Identity>, QuayError> {
        let Some(token) = token else {
            return Ok(Arc::new(Identity::default()));
        };
        let key = hash_token(token);
        if let Some(hit) = self.hit(store, &key) {
            return Ok(hit);
        }
        let generation = store.generation();
        let owned = token.to_string();
        let found: Identified = store.read(move |tx| identify(tx, Some(&owned))).await?;
        let identity = Arc::new(found.identity);
        if found.stale {
            // Recording the access is a write: the entry would be outdated at once, so the
            // next request looks the token up again (and finds it fresh).
            let owned = token.to_string();
            store.write(move |tx| touch_token(tx, &owned)).await?;
            return Ok(identity);
        }
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert(
                key,
                Entry {
                    generation,
                    identity: identity.clone(),
                    expires_at: found.expires_at,
                    touch_due: Instant::now()
                        + Duration::from_secs(found.fresh_for_s.max(0) as u64),
                },
            );
        }
        Ok(identity)
    }

    fn hit(&self, store: &Store, key: &str) -> Option<Arc<Identity>> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(key)?;
        let valid = e.generation == store.generation()
            && e.expires_at.is_none_or(|t| t > chrono::Utc::now())
            && (e.identity.user.is_none() || Instant::now() < e.touch_due);
        valid.then(|| e.identity.clone())
    }
}
