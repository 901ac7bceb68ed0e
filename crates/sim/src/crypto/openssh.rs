//! OpenSSH encodings: public key lines (`ssh-rsa AAAA… comment`), the wire blobs inside them,
//! and the `openssh-key-v1` private key format AWS returns for Ed25519 key pairs.

use num_bigint::BigUint;

use super::{base64, pem, unbase64};
use crate::rng::Rng;

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

fn put_mpint(out: &mut Vec<u8>, n: &BigUint) {
    let mut bytes = n.to_bytes_be();
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    put_string(out, &bytes);
}

/// The `ssh-rsa` public key blob.
pub fn rsa_blob(n: &BigUint, e: &BigUint) -> Vec<u8> {
    let mut out = Vec::new();
    put_string(&mut out, b"ssh-rsa");
    put_mpint(&mut out, e);
    put_mpint(&mut out, n);
    out
}

/// The `ssh-ed25519` public key blob.
pub fn ed25519_blob(public: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::new();
    put_string(&mut out, b"ssh-ed25519");
    put_string(&mut out, public);
    out
}

/// `ssh-ed25519 AAAA…` / `ssh-rsa AAAA…`: a public key line.
pub fn public_line(blob: &[u8]) -> String {
    let kind = if blob.get(4..11) == Some(b"ssh-rsa") { "ssh-rsa" } else { "ssh-ed25519" };
    format!("{kind} {}", base64(blob))
}

/// An Ed25519 private key in the `openssh-key-v1` format, PEM-armoured as OpenSSH writes it
/// (lines of 70 characters).
pub fn ed25519_private_pem(seed: &[u8; 32], public: &[u8; 32], comment: &str, rng: &mut Rng) -> String {
    let blob = ed25519_blob(public);
    let check = rng.next_u64() as u32;
    let mut private = Vec::new();
    private.extend_from_slice(&check.to_be_bytes());
    private.extend_from_slice(&check.to_be_bytes());
    put_string(&mut private, b"ssh-ed25519");
    put_string(&mut private, public);
    let mut secret = seed.to_vec();
    secret.extend_from_slice(public);
    put_string(&mut private, &secret);
    put_string(&mut private, comment.as_bytes());
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut out = b"openssh-key-v1\0".to_vec();
    put_string(&mut out, b"none");
    put_string(&mut out, b"none");
    put_string(&mut out, b"");
    out.extend_from_slice(&1u32.to_be_bytes());
    put_string(&mut out, &blob);
    put_string(&mut out, &private);
    pem("OPENSSH PRIVATE KEY", &out, 70) + "\n"
}

/// A public key read from an OpenSSH public key line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    Rsa { n: BigUint, e: BigUint, blob: Vec<u8> },
    Ed25519 { key: [u8; 32], blob: Vec<u8> },
}

/// Why a public key was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not an OpenSSH public key line, or a damaged one.
    Format,
    /// A key type AWS does not take (DSA, ECDSA, …).
    UnsupportedType(String),
    /// An RSA key whose length is not 1024, 2048 or 4096 bits.
    RsaLength(u64),
}

struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn string(&mut self) -> Option<&'a [u8]> {
        let len = u32::from_be_bytes(self.data.get(..4)?.try_into().ok()?) as usize;
        let s = self.data.get(4..4 + len)?;
        self.data = &self.data[4 + len..];
        Some(s)
    }
}

/// Parses `ssh-rsa AAAA… [comment]` or `ssh-ed25519 AAAA… [comment]`.
pub fn parse_public_line(text: &str) -> Result<PublicKey, ParseError> {
    let mut parts = text.split_whitespace();
    let kind = parts.next().ok_or(ParseError::Format)?;
    let b64 = parts.next().ok_or(ParseError::Format)?;
    let blob = unbase64(b64).ok_or(ParseError::Format)?;
    let mut r = Reader { data: &blob };
    let inner = r.string().ok_or(ParseError::Format)?;
    if inner != kind.as_bytes() {
        return Err(ParseError::Format);
    }
    match kind {
        "ssh-rsa" => {
            let e = BigUint::from_bytes_be(r.string().ok_or(ParseError::Format)?);
            let n = BigUint::from_bytes_be(r.string().ok_or(ParseError::Format)?);
            if !r.data.is_empty() {
                return Err(ParseError::Format);
            }
            // AWS takes 1024-, 2048- and 4096-bit RSA keys (aws-reference.md §B7).
            let bits = n.bits();
            if ![1024, 2048, 4096].contains(&bits) {
                return Err(ParseError::RsaLength(bits));
            }
            Ok(PublicKey::Rsa { n, e, blob })
        }
        "ssh-ed25519" => {
            let key: [u8; 32] = r.string().ok_or(ParseError::Format)?.try_into().map_err(|_| ParseError::Format)?;
            if !r.data.is_empty() {
                return Err(ParseError::Format);
            }
            Ok(PublicKey::Ed25519 { key, blob })
        }
        "ssh-dss" | "ecdsa-sha2-nistp256" | "ecdsa-sha2-nistp384" | "ecdsa-sha2-nistp521" => {
            Err(ParseError::UnsupportedType(kind.to_string()))
        }
        _ => Err(ParseError::Format),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_lines_round_trip_and_damage_is_refused() {
        let blob = ed25519_blob(&[9u8; 32]);
        let line = public_line(&blob) + " me@host";
        assert_eq!(parse_public_line(&line), Ok(PublicKey::Ed25519 { key: [9u8; 32], blob: blob.clone() }));
        assert_eq!(parse_public_line("ssh-ed25519"), Err(ParseError::Format));
        assert_eq!(parse_public_line("ssh-ed25519 !!!"), Err(ParseError::Format));
        assert_eq!(parse_public_line(&format!("ssh-rsa {}", base64(&blob))), Err(ParseError::Format));
        let small = rsa_blob(&BigUint::from(3233u32), &BigUint::from(17u32));
        assert_eq!(parse_public_line(&public_line(&small)), Err(ParseError::RsaLength(12)));
    }
}
