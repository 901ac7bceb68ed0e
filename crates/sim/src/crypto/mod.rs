//! Key material for key pairs: RSA and Ed25519 keys drawn from the world's RNG, their PEM and
//! OpenSSH encodings, and the fingerprints AWS computes for them (aws-reference.md §B7).

pub mod der;
pub mod openssh;
pub mod rsa;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// `aa:bb:cc…`: how AWS prints MD5 and SHA-1 key fingerprints.
pub fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

pub fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text.trim()).ok()
}

/// PEM armour: base64 in lines of `width` characters between BEGIN and END lines.
pub fn pem(label: &str, der: &[u8], width: usize) -> String {
    let b64 = base64(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----"));
    out
}
