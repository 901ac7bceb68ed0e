//! Key pairs: created (the private key is returned once and never kept) or imported (public key
//! only), regional, with the fingerprints AWS computes (aws-reference.md §B7, INS-06).

use serde::{Deserialize, Serialize};
use sha1::Digest;

use crate::command::Reply;
use crate::crypto::{self, openssh, rsa};
use crate::ec2::api::{Filter, Tag, TagSpecification};
use crate::ec2::filters::{any_match, check_names};
use crate::error::ApiError;
use crate::ids::KeyPairId;
use crate::region::Scope;
use crate::sim::Sim;
use crate::time::Timestamp;

/// Key pairs per Region (EC2UG ec2-key-pairs; BC-EC2 CreateKeyPair).
pub const MAX_KEY_PAIRS_PER_REGION: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    Rsa,
    Ed25519,
}

impl KeyType {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
        }
    }
}

/// A key pair as EC2 keeps it: the public half and its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPair {
    pub id: KeyPairId,
    pub name: String,
    pub key_type: KeyType,
    pub fingerprint: String,
    /// `ssh-rsa AAAA…` / `ssh-ed25519 AAAA…`, as DescribeKeyPairs --include-public-key shows it.
    pub public_key: String,
    pub create_time: Timestamp,
    pub tags: Vec<Tag>,
}

const FILTERS: &[&str] = &["key-name", "key-pair-id", "fingerprint", "key-type"];

fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() {
        return Err(ApiError::MissingParameter("KeyName".into()));
    }
    if name.len() > 255 || !name.is_ascii() {
        return Err(ApiError::InvalidParameterValue(format!(
            "Value ({name}) for parameter keyName is invalid. Key names are up to 255 ASCII characters."
        )));
    }
    Ok(())
}

impl Sim {
    fn check_room(&self, scope: &Scope, name: &str) -> Result<(), ApiError> {
        let rs = self.world.region(scope).ok_or_else(|| ApiError::KeyPairNotFound(name.to_string()))?;
        if rs.key_pairs.contains_key(name) {
            return Err(ApiError::KeyPairDuplicate(name.to_string()));
        }
        if rs.key_pairs.len() >= MAX_KEY_PAIRS_PER_REGION {
            return Err(ApiError::KeyPairLimitExceeded);
        }
        Ok(())
    }

    /// Gives the key pair its id and creation time, and files it in the Region.
    fn store_key_pair(
        &mut self,
        scope: &Scope,
        name: &str,
        key_type: KeyType,
        fingerprint: String,
        public_key: String,
        tags: Vec<Tag>,
    ) -> KeyPair {
        let pair = KeyPair {
            id: KeyPairId::generate(&mut self.rng),
            name: name.to_string(),
            key_type,
            fingerprint,
            public_key,
            create_time: self.now,
            tags,
        };
        if let Some(rs) = self.world.region_mut(scope) {
            rs.key_pairs.insert(pair.name.clone(), pair.clone());
        }
        pair
    }

    pub(crate) fn create_key_pair(
        &mut self,
        scope: &Scope,
        name: &str,
        key_type: Option<&str>,
        key_format: Option<&str>,
        specs: &[TagSpecification],
    ) -> Result<Reply, ApiError> {
        check_name(name)?;
        let key_type = match key_type.unwrap_or("rsa") {
            "rsa" => KeyType::Rsa,
            "ed25519" => KeyType::Ed25519,
            other => {
                return Err(ApiError::InvalidParameterValue(format!(
                    "Value ({other}) for parameter keyType is invalid. Valid values are rsa, ed25519."
                )));
            }
        };
        match key_format.unwrap_or("pem") {
            "pem" => {}
            "ppk" => return Err(ApiError::PpkNotInSandbox),
            other => {
                return Err(ApiError::InvalidParameterValue(format!(
                    "Value ({other}) for parameter keyFormat is invalid. Valid values are pem, ppk."
                )));
            }
        }
        let tags = crate::ec2::tags_for(specs, "key-pair")?;
        self.check_room(scope, name)?;
        let (fingerprint, public_key, material) = match key_type {
            KeyType::Rsa => {
                // 2048-bit RSA, returned as unencrypted PKCS#1 PEM; the fingerprint is the SHA-1
                // of the PKCS#8 DER private key (BC-EC2 KeyPair.KeyFingerprint).
                // The world's next key, made ahead in idle time when it could be (Sim::prepare_key).
                let key = self.next_rsa_key();
                let fingerprint = crypto::colon_hex(&sha1::Sha1::digest(key.pkcs8_der()));
                let public = openssh::public_line(&openssh::rsa_blob(&key.n, &key.e));
                (fingerprint, public, crypto::pem("RSA PRIVATE KEY", &key.pkcs1_der(), 64))
            }
            KeyType::Ed25519 => {
                let mut seed = [0u8; 32];
                for chunk in seed.chunks_mut(8) {
                    chunk.copy_from_slice(&self.rng.next_u64().to_le_bytes());
                }
                let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
                let blob = openssh::ed25519_blob(&public);
                let material = openssh::ed25519_private_pem(&seed, &public, "", &mut self.rng);
                (ed25519_fingerprint(&blob), openssh::public_line(&blob), material)
            }
        };
        let pair = self.store_key_pair(scope, name, key_type, fingerprint, public_key, tags);
        Ok(Reply::KeyPairCreated { pair, material })
    }

    pub(crate) fn import_key_pair(
        &mut self,
        scope: &Scope,
        name: &str,
        material: &[u8],
        specs: &[TagSpecification],
    ) -> Result<Reply, ApiError> {
        check_name(name)?;
        let tags = crate::ec2::tags_for(specs, "key-pair")?;
        self.check_room(scope, name)?;
        let text = std::str::from_utf8(material).map_err(|_| ApiError::KeyPairFormat)?;
        let key = openssh::parse_public_line(text).map_err(|e| match e {
            openssh::ParseError::UnsupportedType(t) => ApiError::KeyTypeNotSupported(t),
            openssh::ParseError::RsaLength(_) | openssh::ParseError::Format => ApiError::KeyPairFormat,
        })?;
        let (key_type, fingerprint, public_key) = match key {
            // Imported RSA: MD5 of the DER public key (EC2UG verify-keys; BC-EC2 KeyPairInfo).
            openssh::PublicKey::Rsa { n, e, blob } => {
                (KeyType::Rsa, crypto::colon_hex(&md5::Md5::digest(rsa::spki_der(&n, &e))), openssh::public_line(&blob))
            }
            openssh::PublicKey::Ed25519 { blob, .. } => {
                (KeyType::Ed25519, ed25519_fingerprint(&blob), openssh::public_line(&blob))
            }
        };
        Ok(Reply::KeyPairImported(self.store_key_pair(scope, name, key_type, fingerprint, public_key, tags)))
    }

    pub(crate) fn describe_key_pairs(
        &self,
        scope: &Scope,
        names: &[String],
        ids: &[String],
        filters: &[Filter],
        include_public_key: bool,
    ) -> Result<Reply, ApiError> {
        check_names(filters, FILTERS, true)?;
        let Some(rs) = self.world.region(scope) else {
            return Ok(Reply::KeyPairs { pairs: Vec::new(), include_public_key });
        };
        if let Some(missing) = names.iter().find(|n| !rs.key_pairs.contains_key(*n)) {
            return Err(ApiError::KeyPairNotFound(missing.clone()));
        }
        if let Some(bad) = ids.iter().find(|i| !KeyPairId::is_well_formed(i)) {
            return Err(ApiError::KeyPairIdMalformed(bad.clone()));
        }
        if let Some(missing) = ids.iter().find(|i| !rs.key_pairs.values().any(|k| k.id.as_str() == i.as_str())) {
            return Err(ApiError::KeyPairNotFound(missing.clone()));
        }
        let mut pairs = Vec::new();
        for k in rs.key_pairs.values() {
            if (!names.is_empty() && !names.contains(&k.name))
                || (!ids.is_empty() && !ids.iter().any(|i| i == k.id.as_str()))
            {
                continue;
            }
            let mut keep = true;
            for f in filters {
                keep &= match f.name.as_str() {
                    "key-name" => any_match(f, [k.name.as_str()]),
                    "key-pair-id" => any_match(f, [k.id.as_str()]),
                    "fingerprint" => any_match(f, [k.fingerprint.as_str()]),
                    "key-type" => any_match(f, [k.key_type.as_str()]),
                    name => {
                        let key = name.strip_prefix("tag:").unwrap_or_default();
                        any_match(f, k.tags.iter().filter(|t| t.key == key).map(|t| t.value.as_str()))
                    }
                };
            }
            if keep {
                pairs.push(k.clone());
            }
        }
        Ok(Reply::KeyPairs { pairs, include_public_key })
    }

    /// Deleting by name succeeds even when no such key exists; by id, an unknown id is an
    /// error (aws-reference.md §E DeleteKeyPair).
    pub(crate) fn delete_key_pair(
        &mut self,
        scope: &Scope,
        name: Option<&str>,
        id: Option<&str>,
    ) -> Result<Reply, ApiError> {
        let rs = self.world.region_mut(scope).ok_or_else(|| ApiError::MissingParameter("KeyName".into()))?;
        let found = match (name, id) {
            (Some(name), _) => rs.key_pairs.get(name).map(|k| k.name.clone()),
            (None, Some(id)) => {
                if !KeyPairId::is_well_formed(id) {
                    return Err(ApiError::KeyPairIdMalformed(id.to_string()));
                }
                let found = rs.key_pairs.values().find(|k| k.id.as_str() == id).map(|k| k.name.clone());
                if found.is_none() {
                    return Err(ApiError::KeyPairNotFound(id.to_string()));
                }
                found
            }
            (None, None) => return Err(ApiError::MissingParameter("KeyName".into())),
        };
        let removed = found.and_then(|n| rs.key_pairs.remove(&n));
        Ok(Reply::KeyPairDeleted { key_pair_id: removed.map(|k| k.id.to_string()) })
    }
}

/// Base64 SHA-256 of the public key blob, OpenSSH's default since 6.8 (BC-EC2 KeyPairInfo).
fn ed25519_fingerprint(blob: &[u8]) -> String {
    crypto::base64(&sha2::Sha256::digest(blob))
}
