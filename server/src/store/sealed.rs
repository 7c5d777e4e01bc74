//! Secrets encrypted at rest, in Quay's own format, so that a database keeps no credential that
//! must be shown again (robot tokens, OAuth client secrets, proxy-cache upstream credentials) in
//! the clear.
//!
//! Quay's `FieldEncrypter` (`data/encryption.py`) stores `v0$$` followed by the base64 of a
//! 13-byte random nonce and the AES-256-CCM ciphertext with its 16-byte tag. The key is Quay's
//! `convert_secret_key` of `DATABASE_SECRET_KEY`: the key read as a decimal integer (its
//! big-endian bytes), else as a UUID (its 16 bytes), else as its characters' code points, the
//! bytes then repeated to 32. That derivation is weak for short keys; it is kept because a value
//! sealed here opens in Quay with the same key and the other way round.
//!
//! Secrets that are only ever verified (OAuth access tokens, passwords) are hashed instead, not
//! sealed.
//!
//! The SQL of the store uses two functions registered on every connection: `quay_seal(text)`
//! and `quay_open(text)` (both keep `NULL`), so that statements and migrations can seal and open
//! values where they read and write them.

use std::sync::Arc;

use aes::Aes256;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ccm::Ccm;
use ccm::aead::{Aead, KeyInit};
use ccm::consts::{U13, U16};
use rand::RngCore;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// AES-256 in CCM mode with Quay's tag (16 bytes) and nonce (13 bytes) sizes.
type QuayCcm = Ccm<Aes256, U16, U13>;

const PREFIX: &str = "v0$$";
const NONCE_LEN: usize = 13;

/// Why a configured `DATABASE_SECRET_KEY` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The key is empty.
    #[error("DATABASE_SECRET_KEY is empty")]
    Empty,
    /// A character beyond U+00FF (Quay cannot use such a key either).
    #[error("DATABASE_SECRET_KEY has a character beyond U+00FF: {0:?}")]
    Character(char),
}

/// Why a stored value does not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// Not `v0$$...`.
    #[error("not a sealed value")]
    Format,
    /// Another key sealed it, or it was changed.
    #[error("the value does not open with this DATABASE_SECRET_KEY")]
    Key,
}

/// The key values are sealed with.
#[derive(Clone)]
pub struct SecretKey {
    cipher: Arc<QuayCcm>,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    /// The key Quay derives from a configured `DATABASE_SECRET_KEY`.
    pub fn from_config(secret: &str) -> Result<Self, KeyError> {
        let bytes = match decimal_bytes(secret).or_else(|| uuid_bytes(secret)) {
            Some(bytes) => bytes,
            None => secret
                .chars()
                .map(|c| u8::try_from(u32::from(c)).map_err(|_| KeyError::Character(c)))
                .collect::<Result<Vec<u8>, _>>()?,
        };
        if bytes.is_empty() {
            return Err(KeyError::Empty);
        }
        let key: Vec<u8> = bytes.iter().copied().cycle().take(32).collect();
        let cipher = QuayCcm::new_from_slice(&key).expect("32 bytes is AES-256's key length");
        Ok(Self {
            cipher: Arc::new(cipher),
        })
    }

    /// A new random `DATABASE_SECRET_KEY` (a UUID, as Quay's configuration tool writes).
    pub fn generate_config_value() -> String {
        uuid::Uuid::new_v4().to_string()
    }

    /// `v0$$` and the base64 of a fresh nonce and the ciphertext.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        self.seal_with_nonce(plain, &nonce)
    }

    fn seal_with_nonce(&self, plain: &str, nonce: &[u8; NONCE_LEN]) -> String {
        let sealed = self
            .cipher
            .encrypt(nonce.into(), plain.as_bytes())
            .expect("CCM encrypts any value this small");
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(nonce);
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD.encode(out))
    }

    /// The plain text of a sealed value.
    pub fn open(&self, stored: &str) -> Result<String, OpenError> {
        let data = stored.strip_prefix(PREFIX).ok_or(OpenError::Format)?;
        let raw = STANDARD.decode(data).map_err(|_| OpenError::Format)?;
        if raw.len() < NONCE_LEN {
            return Err(OpenError::Format);
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(nonce.into(), sealed)
            .map_err(|_| OpenError::Key)?;
        String::from_utf8(plain).map_err(|_| OpenError::Key)
    }

    /// Registers `quay_seal` and `quay_open` on a connection.
    pub fn register(&self, conn: &Connection) -> rusqlite::Result<()> {
        let key = self.clone();
        conn.create_scalar_function("quay_seal", 1, FunctionFlags::SQLITE_UTF8, move |ctx| {
            Ok(ctx.get::<Option<String>>(0)?.map(|v| key.seal(&v)))
        })?;
        let key = self.clone();
        conn.create_scalar_function(
            "quay_open",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            move |ctx| match ctx.get::<Option<String>>(0)? {
                None => Ok(None),
                Some(v) => key
                    .open(&v)
                    .map(Some)
                    .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e))),
            },
        )
    }
}

/// Python's `int(s)` for a non-negative decimal (spaces around, `+`, `_` between digits), as
/// big-endian bytes; `None` when it is not one, or when its hexadecimal form has an odd number of
/// digits (Quay's `bytearray.fromhex` refuses those, and falls through to the next reading).
fn decimal_bytes(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    let s = s.strip_prefix('+').unwrap_or(s);
    if s.is_empty() || s.starts_with('_') || s.ends_with('_') || s.contains("__") {
        return None;
    }
    // Little-endian base-256 digits of the number.
    let mut value: Vec<u8> = Vec::new();
    for c in s.chars().filter(|&c| c != '_') {
        let mut carry = c.to_digit(10)?;
        for byte in value.iter_mut() {
            let v = u32::from(*byte) * 10 + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            value.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    while value.len() > 1 && value.last() == Some(&0) {
        value.pop();
    }
    if value.is_empty() {
        value.push(0);
    }
    value.reverse();
    // "{:02x}": at least two digits; odd only when the leading byte is below 0x10 and there is
    // more than one byte.
    if value.len() > 1 && value[0] < 0x10 {
        return None;
    }
    Some(value)
}

/// Python's `uuid.UUID(s).bytes`: 32 hex digits, hyphens anywhere, optional `urn:uuid:` and
/// braces.
fn uuid_bytes(s: &str) -> Option<Vec<u8>> {
    let s = s.replace("urn:", "").replace("uuid:", "");
    let hex: String = s
        .trim_matches(|c| c == '{' || c == '}')
        .chars()
        .filter(|&c| c != '-')
        .collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values sealed by Quay's algorithm (Python `cryptography`'s AESCCM, the nonce 0..13).
    const QUAY_SEALED: [(&str, &str); 3] = [
        (
            "6d1f6b2a-8c1e-4a53-9d0e-2f7a3c5b9e10",
            "v0$$AAECAwQFBgcICQoLDNqbP4iO8xbkHYZgRWpuQxBXc63B1s997/gA0r5yh5N7JA==",
        ),
        (
            "12345678901234567890",
            "v0$$AAECAwQFBgcICQoLDMr+MVkIWHN924MLH8tDz6790P9mdW2Lmia7HB2DD1g99w==",
        ),
        (
            "a configured secret",
            "v0$$AAECAwQFBgcICQoLDI/XMjm58eCsQNloV5UVau+FBgf5Y9EGiEcztjhsn/197g==",
        ),
    ];

    #[test]
    fn opens_what_quay_sealed_and_seals_as_quay_does() {
        let nonce: [u8; NONCE_LEN] = std::array::from_fn(|i| i as u8);
        for (config, sealed) in QUAY_SEALED {
            let key = SecretKey::from_config(config).unwrap();
            assert_eq!(key.open(sealed).unwrap(), "robot-token-value", "{config}");
            assert_eq!(key.seal_with_nonce("robot-token-value", &nonce), sealed);
        }
    }

    #[test]
    fn another_key_or_a_changed_value_does_not_open() {
        let key = SecretKey::from_config("one key").unwrap();
        let other = SecretKey::from_config("another key").unwrap();
        let sealed = key.seal("secret");
        assert_ne!(key.seal("secret"), sealed, "a fresh nonce every time");
        assert_eq!(key.open(&sealed).unwrap(), "secret");
        assert_eq!(other.open(&sealed), Err(OpenError::Key));
        let mut changed = sealed.clone().into_bytes();
        let last = changed.len() - 3;
        changed[last] = if changed[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            key.open(std::str::from_utf8(&changed).unwrap()),
            Err(OpenError::Key)
        );
        assert_eq!(key.open("secret"), Err(OpenError::Format));
        assert_eq!(key.open("v0$$!!"), Err(OpenError::Format));
    }

    #[test]
    fn reads_the_configured_key_as_quay_does() {
        assert_eq!(decimal_bytes("255"), Some(vec![0xff]));
        assert_eq!(decimal_bytes(" +1_0 "), Some(vec![10]));
        assert_eq!(decimal_bytes("0"), Some(vec![0]));
        // 256 is "100" in hex: odd, so Quay reads the characters instead.
        assert_eq!(decimal_bytes("256"), None);
        assert_eq!(decimal_bytes("-1"), None);
        assert_eq!(decimal_bytes("1__0"), None);
        assert_eq!(decimal_bytes("12a"), None);
        assert_eq!(
            uuid_bytes("{urn:uuid:6D1F6B2A-8C1E-4A53-9D0E-2F7A3C5B9E10}").map(|b| b[0]),
            Some(0x6d)
        );
        assert_eq!(uuid_bytes("6d1f6b2a"), None);
        assert_eq!(SecretKey::from_config("").unwrap_err(), KeyError::Empty);
        assert_eq!(
            SecretKey::from_config("clé€").unwrap_err(),
            KeyError::Character('€')
        );
    }

    #[test]
    fn sql_functions_seal_and_open_and_keep_null() {
        let conn = Connection::open_in_memory().unwrap();
        let key = SecretKey::from_config("k").unwrap();
        key.register(&conn).unwrap();
        let plain: String = conn
            .query_row("SELECT quay_open(quay_seal('abc'))", [], |r| r.get(0))
            .unwrap();
        assert_eq!(plain, "abc");
        let null: Option<String> = conn
            .query_row("SELECT quay_open(quay_seal(NULL))", [], |r| r.get(0))
            .unwrap();
        assert_eq!(null, None);
        assert!(
            conn.query_row("SELECT quay_open('plain')", [], |r| r.get::<_, String>(0))
                .is_err()
        );
    }
}
