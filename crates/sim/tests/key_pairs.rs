//! Key pairs: created and imported, regional, with AWS's fingerprints (aws-reference.md §B7).

mod common;

use common::World;
use kumo_sim::ec2::{Request, api};
use kumo_sim::{Region, Reply};

/// Test keys made with `ssh-keygen`; the expected fingerprints were computed with OpenSSL and
/// ssh-keygen the way AWS documents: `openssl pkey -pubin -outform DER | openssl md5 -c` for
/// imported RSA keys, `ssh-keygen -lf` (SHA-256, base64) for Ed25519 keys.
pub const RSA_PUB: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCgsZrx61jun3IKINRpJhds4/V9q2t6UutnjobezQGLOwmo6AqBaAmh3qKrwIftgvZ0eeVlSiPaPnEuEcM9PTMOV/I/bECwgMgjAYeaELpEsiN7gDZESoDDu/Cv4+FV1pKF1lAIONcIJ9KkfbIamMUgY68dF9mydhaEX7ErtOennndczDlxk/iOR+1GoLuKl7VwOyh0c6GMnfnzWCaCa20PKJspppVfdYIi2U/y4dNSPWeez5fQI25UN8/CxGBID6t4QV5/Prd0HbjJJ2IjxYJlTqfcE6C4/OrzbMbDo2z+wCoSNJKe2pVe783fhzf+hPa0YAJFtrzKFUjwtVErm2gz learner@laptop";
pub const RSA_MD5: &str = "24:f7:3d:39:49:b4:33:a3:00:e3:39:8b:bc:30:0d:46";
pub const ED_PUB: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKpSN3RmeqQkcrqS2A9zRptOw1x6N4whrgYVfWqee/nY learner@laptop";
pub const ED_SHA256: &str = "E5Ai8+WTxcW27oVPVcsK1ux2e9dlfskjxzPCAZCVRi0=";
const ECDSA_PUB: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBC7V53GBc573olRNsrndktKSkuA679tQTre0Hw8RvEU925zvJJYOOiPUATdyzYyeXceNP0BRVeN3A+k2d5nvRns= root@vm";

fn import(w: &mut World, name: &str, key: &str) -> Result<Reply, kumo_sim::ApiError> {
    w.apply(
        Request::ImportKeyPair(api::ImportKeyPair {
            key_name: name.into(),
            public_key_material: kumo_sim::input::Blob(key.as_bytes().to_vec()),
            tag_specifications: None,
        })
        .into(),
    )
}

#[test]
fn imported_keys_get_awss_fingerprints() {
    let mut w = World::new(31);
    let Ok(Reply::KeyPairImported(k)) = import(&mut w, "laptop-rsa", RSA_PUB) else { panic!() };
    assert_eq!((k.key_type.as_str(), k.fingerprint.as_str()), ("rsa", RSA_MD5));
    assert!(k.id.as_str().starts_with("key-"));
    let Ok(Reply::KeyPairImported(k)) = import(&mut w, "laptop-ed", ED_PUB) else { panic!() };
    assert_eq!((k.key_type.as_str(), k.fingerprint.as_str()), ("ed25519", ED_SHA256));
    assert_eq!(import(&mut w, "laptop-rsa", RSA_PUB).unwrap_err().code(), "InvalidKeyPair.Duplicate");
    assert_eq!(import(&mut w, "ec", ECDSA_PUB).unwrap_err().code(), "InvalidKeyPair.Format");
    let e = import(&mut w, "junk", "not a key").unwrap_err();
    assert_eq!(
        (e.code(), e.to_string()),
        ("InvalidKeyPair.Format", "Key is not in valid OpenSSH public key format".into())
    );
}

#[test]
fn created_keys_return_material_once_and_keep_only_the_public_half() {
    let mut w = World::new(32);
    let Ok(Reply::KeyPairCreated { pair, material }) = w.apply(
        Request::CreateKeyPair(api::CreateKeyPair { key_name: "main".into(), key_type: None, ..Default::default() })
            .into(),
    ) else {
        panic!()
    };
    assert!(
        material.starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
            && material.ends_with("-----END RSA PRIVATE KEY-----")
    );
    assert_eq!(pair.fingerprint.len(), 59, "SHA-1 as 20 colon-separated bytes");
    assert!(pair.public_key.starts_with("ssh-rsa AAAAB3NzaC1yc2E"));
    let Ok(Reply::KeyPairCreated { pair, material }) = w.apply(
        Request::CreateKeyPair(api::CreateKeyPair {
            key_name: "edge".into(),
            key_type: Some("ed25519".into()),
            ..Default::default()
        })
        .into(),
    ) else {
        panic!()
    };
    assert!(material.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
    assert!(pair.fingerprint.ends_with('=') && pair.fingerprint.len() == 44);
    assert!(!w.sim.save().contains("PRIVATE KEY"), "the world never keeps private keys");
}

#[test]
fn key_pairs_are_regional() {
    let mut w = World::new(33);
    import(&mut w, "laptop", ED_PUB).unwrap();
    let run = |w: &mut World| {
        let req = api::RunInstances {
            key_name: Some("laptop".into()),
            ..api::RunInstances::one(w.image("al2023"), "t3.micro")
        };
        w.apply(Request::RunInstances(req).into())
    };
    let Ok(Reply::Reservation(r)) = run(&mut w) else { panic!() };
    assert_eq!(r.instances[0].key_name.as_deref(), Some("laptop"));
    w.scope.region = Region::ApNortheast1;
    let e = run(&mut w).unwrap_err();
    assert_eq!((e.code(), e.to_string()), ("InvalidKeyPair.NotFound", "The key pair 'laptop' does not exist".into()));
    // The remedy AWS documents: import the same public key into the other Region.
    import(&mut w, "laptop", ED_PUB).unwrap();
    assert!(run(&mut w).is_ok());
}

#[test]
fn describe_and_delete_follow_awss_rules() {
    let mut w = World::new(34);
    import(&mut w, "a", ED_PUB).unwrap();
    let Ok(Reply::KeyPairs { pairs, .. }) = w.apply(
        Request::DescribeKeyPairs(api::DescribeKeyPairs {
            key_names: Some(vec!["a".into()]),
            include_public_key: Some(true),
            ..Default::default()
        })
        .into(),
    ) else {
        panic!()
    };
    assert_eq!(pairs.len(), 1);
    let id = pairs[0].id.to_string();
    let missing = w.apply(
        Request::DescribeKeyPairs(api::DescribeKeyPairs {
            key_names: Some(vec!["nope".into()]),
            include_public_key: Some(false),
            ..Default::default()
        })
        .into(),
    );
    assert_eq!(missing.unwrap_err().code(), "InvalidKeyPair.NotFound");
    // By name, deleting a missing key is not an error; by id it is.
    assert_eq!(
        w.apply(Request::DeleteKeyPair(api::DeleteKeyPair { key_name: Some("nope".into()), key_pair_id: None }).into()),
        Ok(Reply::KeyPairDeleted { key_pair_id: None })
    );
    let e = w.apply(
        Request::DeleteKeyPair(api::DeleteKeyPair {
            key_name: None,
            key_pair_id: Some("key-0123456789abcdef0".into()),
        })
        .into(),
    );
    assert_eq!(e.unwrap_err().code(), "InvalidKeyPair.NotFound");
    assert_eq!(
        w.apply(Request::DeleteKeyPair(api::DeleteKeyPair { key_name: None, key_pair_id: Some(id.clone()) }).into()),
        Ok(Reply::KeyPairDeleted { key_pair_id: Some(id) })
    );
    assert_eq!(
        w.apply(Request::DeleteKeyPair(api::DeleteKeyPair { key_name: None, key_pair_id: None }).into())
            .unwrap_err()
            .code(),
        "MissingParameter"
    );
}

/// CreateKeyPair's RSA key is made ahead in idle time when it can be (`Sim::prepare_key`):
/// the key, the reply and the world are the same as when it is made during the request, and
/// a second prepare has nothing to do.
#[test]
fn a_key_made_ahead_is_the_key_made_on_request() {
    let create = |w: &mut World, name: &str| match w
        .apply(Request::CreateKeyPair(api::CreateKeyPair { key_name: name.into(), ..Default::default() }).into())
    {
        Ok(Reply::KeyPairCreated { pair, material }) => (pair, material),
        other => panic!("{other:?}"),
    };
    let (mut ahead, mut inline) = (World::new(34), World::new(34));
    assert!(ahead.sim.prepare_key());
    assert!(!ahead.sim.prepare_key(), "made already");
    let a = create(&mut ahead, "one");
    let b = create(&mut inline, "one");
    assert_eq!(a, b);
    assert_eq!(ahead.sim.save(), inline.sim.save());
    // The next one is a different key, made ahead again.
    assert!(ahead.sim.prepare_key());
    let (c, d) = (create(&mut ahead, "two"), create(&mut inline, "two"));
    assert_eq!(c, d);
    assert_ne!(a.1, c.1);
    assert_eq!(ahead.sim.save(), inline.sim.save());
}
