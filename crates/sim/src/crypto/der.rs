//! The few DER (ASN.1) encodings key pairs need: INTEGER, OCTET STRING, BIT STRING, NULL,
//! OBJECT IDENTIFIER and SEQUENCE.

use num_bigint::BigUint;

fn length(n: usize, out: &mut Vec<u8>) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    length(content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

/// A non-negative INTEGER (a leading zero byte keeps it positive).
pub fn uint(n: &BigUint) -> Vec<u8> {
    let mut bytes = n.to_bytes_be();
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    tlv(0x02, &bytes)
}

pub fn small_uint(n: u64) -> Vec<u8> {
    uint(&BigUint::from(n))
}

pub fn octet_string(content: &[u8]) -> Vec<u8> {
    tlv(0x04, content)
}

pub fn bit_string(content: &[u8]) -> Vec<u8> {
    let mut c = vec![0u8];
    c.extend_from_slice(content);
    tlv(0x03, &c)
}

pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

pub fn sequence(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// OID 1.2.840.113549.1.1.1 (rsaEncryption), pre-encoded.
pub fn rsa_encryption_oid() -> Vec<u8> {
    vec![0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]
}

/// AlgorithmIdentifier for RSA keys.
pub fn rsa_algorithm() -> Vec<u8> {
    sequence(&[rsa_encryption_oid(), null()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lengths_and_integers_as_der() {
        assert_eq!(small_uint(0), vec![0x02, 0x01, 0x00]);
        assert_eq!(small_uint(128), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(small_uint(65537), vec![0x02, 0x03, 0x01, 0x00, 0x01]);
        let long = octet_string(&[0u8; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(sequence(&[null()]), vec![0x30, 0x02, 0x05, 0x00]);
    }
}
