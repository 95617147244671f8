//! Identities: UUIDv7 ids (minted here and nowhere else) and content hashes.

use sha2::{Digest, Sha256};

use crate::Draft;

/// A new UUIDv7 as a string: every row's id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 (hex) identifying a draft's exact content: what an approval certifies.
/// Fields are length-prefixed so no two different drafts hash alike.
pub fn content_hash(d: &Draft) -> String {
    let mut h = Sha256::new();
    h.update(b"toasoan-draft-v1\n");
    for f in [&d.headline, &d.sapo, &d.body, &d.byline] {
        h.update(f.len().to_string().as_bytes());
        h.update(b":");
        h.update(f.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// Fingerprint of several text fields, each trimmed and length-prefixed, so
/// moving text between fields changes it.
pub fn fields_hash<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for f in fields {
        let f = f.trim();
        h.update(f.len().to_string().as_bytes());
        h.update(b":");
        h.update(f.as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_v7_and_ordered_by_time() {
        let a = new_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = new_id();
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 7);
        assert!(a < b, "{a} < {b}");
    }

    #[test]
    fn hashes_are_lowercase_hex_and_fields_are_length_prefixed() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_ne!(fields_hash(["ab", "c"]), fields_hash(["a", "bc"]));
        assert_eq!(fields_hash([" a ", "b"]), fields_hash(["a", "b\n"]));
    }
}
