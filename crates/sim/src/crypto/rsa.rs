//! RSA key generation from the world's RNG (so a seed gives the same keys), and the PKCS#1
//! and PKCS#8 encodings AWS returns and fingerprints.

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::One;

use super::der;
use crate::rng::Rng;

/// An RSA private key with its CRT parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaKey {
    pub n: BigUint,
    pub e: BigUint,
    pub d: BigUint,
    pub p: BigUint,
    pub q: BigUint,
}

fn random_bits(rng: &mut Rng, bits: usize) -> BigUint {
    let words: Vec<u32> = (0..bits.div_ceil(32)).map(|_| rng.next_u64() as u32).collect();
    let n = BigUint::from_slice(&words);
    n % (BigUint::one() << bits)
}

/// Miller–Rabin with `rounds` random bases: the chance a composite passes is below 4^-rounds.
fn probably_prime(n: &BigUint, rng: &mut Rng, rounds: usize) -> bool {
    let two = BigUint::from(2u32);
    // The candidates have passed the sieve; small numbers (tests) are answered directly, as
    // the random bases need n > 4.
    if *n < BigUint::from(5u32) {
        return *n == two || *n == BigUint::from(3u32);
    }
    if n.is_even() {
        return false;
    }
    let n_minus_1 = n - 1u32;
    let s = n_minus_1.trailing_zeros().unwrap_or(0);
    let d = &n_minus_1 >> s;
    'witness: for _ in 0..rounds {
        let a = random_bits(rng, n.bits() as usize - 1) % (n - 3u32) + &two;
        let mut x = a.modpow(&d, n);
        if x.is_one() || x == n_minus_1 {
            continue;
        }
        for _ in 1..s {
            x = x.modpow(&two, n);
            if x == n_minus_1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

/// Odd primes below 2^14, for sieving candidates before the costly Miller–Rabin test: a
/// candidate divisible by none of them is about 40 % likelier to be prime than one that only
/// passed the primes below 1,000, so fewer candidates reach the modular exponentiations.
fn sieve_primes() -> Vec<u32> {
    const LIMIT: usize = 1 << 14;
    let mut composite = vec![false; LIMIT];
    let mut out = Vec::new();
    for n in 3..LIMIT {
        if !composite[n] {
            out.push(n as u32);
            for m in (n * n..LIMIT).step_by(n) {
                composite[m] = true;
            }
        }
    }
    out.retain(|p| p % 2 == 1);
    out
}

/// Miller–Rabin rounds for the primes of a 2048-bit key: FIPS 186-4 Appendix C.3 (Table
/// C.3) asks 5 rounds for 1,024-bit primes; smaller primes (tests only) get more.
fn rounds_for(bits: usize) -> usize {
    if bits >= 1024 { 5 } else { 20 }
}

/// A random prime of exactly `bits` bits whose top two bits are set (so p·q has 2·bits bits)
/// and for which `e` is invertible modulo p − 1. From a random odd start it walks the odd
/// numbers upward (as OpenSSL's probable_prime does), keeping each small prime's remainder up
/// to date with word arithmetic, so a step costs no big-number division.
fn prime(rng: &mut Rng, bits: usize, e: &BigUint, small: &[u32]) -> BigUint {
    loop {
        let mut start = random_bits(rng, bits);
        start.set_bit(bits as u64 - 1, true);
        start.set_bit(bits as u64 - 2, true);
        start.set_bit(0, true);
        let residues: Vec<u32> =
            small.iter().map(|&p| (&start % p).to_u32_digits().first().copied().unwrap_or(0)).collect();
        // Far fewer steps than this are ever needed (the gap between primes near 2^1024 is
        // about 710 on average); past it, a fresh start.
        for delta in (0..1u32 << 20).step_by(2) {
            if small.iter().zip(&residues).any(|(&p, &r)| (r + delta % p) % p == 0) {
                continue;
            }
            let candidate = &start + delta;
            if candidate.bits() as usize != bits {
                break;
            }
            if (&candidate - 1u32).gcd(e).is_one() && probably_prime(&candidate, rng, rounds_for(bits)) {
                return candidate;
            }
        }
    }
}

/// The seed of a world's `n`-th RSA key pair (from 0): a function of the world's seed and
/// the count alone, not of the world's RNG, so the key can be made before the request that
/// takes it ([`KeyAhead`]) and the world is the same either way.
pub fn key_seed(world_seed: u64, n: u64) -> u64 {
    // Its own stream: 'RSA-KEYS' in ASCII, so no other use of the seed draws the same numbers.
    let mut rng = Rng::new(world_seed ^ 0x5253_412d_4b45_5953);
    let base = rng.next_u64();
    Rng::new(base.wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15))).next_u64()
}

/// The next RSA key a world will hand out, made ahead of the request (in the browser's idle
/// time) so that CreateKeyPair does not wait the ~60 ms (natively; longer in WebAssembly) of
/// a 2,048-bit prime search. Derived data, never saved: equal to any other, as a world with
/// the key made ahead and one without are the same world.
#[derive(Debug, Clone, Default)]
pub struct KeyAhead(pub Option<(u64, RsaKey)>);

impl PartialEq for KeyAhead {
    fn eq(&self, _: &KeyAhead) -> bool {
        true
    }
}

/// A new RSA key of `bits` bits with e = 65537, as AWS's RSA key pairs (2048-bit).
pub fn generate(rng: &mut Rng, bits: usize) -> RsaKey {
    let e = BigUint::from(65_537u32);
    let small = sieve_primes();
    loop {
        let p = prime(rng, bits / 2, &e, &small);
        let q = prime(rng, bits / 2, &e, &small);
        if p == q {
            continue;
        }
        let (p, q) = if p > q { (p, q) } else { (q, p) };
        let lambda = (&p - 1u32).lcm(&(&q - 1u32));
        let Some(d) = e.modinv(&lambda) else { continue };
        return RsaKey { n: &p * &q, e, d, p, q };
    }
}

impl RsaKey {
    /// RSAPrivateKey (PKCS#1), the body of `-----BEGIN RSA PRIVATE KEY-----`.
    pub fn pkcs1_der(&self) -> Vec<u8> {
        let dp = &self.d % (&self.p - 1u32);
        let dq = &self.d % (&self.q - 1u32);
        let qinv = self.q.modinv(&self.p).unwrap_or_default();
        der::sequence(&[
            der::small_uint(0),
            der::uint(&self.n),
            der::uint(&self.e),
            der::uint(&self.d),
            der::uint(&self.p),
            der::uint(&self.q),
            der::uint(&dp),
            der::uint(&dq),
            der::uint(&qinv),
        ])
    }

    /// PrivateKeyInfo (PKCS#8) wrapping the PKCS#1 key: what AWS hashes with SHA-1 for the
    /// fingerprint of a key pair it created.
    pub fn pkcs8_der(&self) -> Vec<u8> {
        der::sequence(&[der::small_uint(0), der::rsa_algorithm(), der::octet_string(&self.pkcs1_der())])
    }
}

/// SubjectPublicKeyInfo of an RSA public key: what AWS hashes with MD5 for an imported key.
pub fn spki_der(n: &BigUint, e: &BigUint) -> Vec<u8> {
    der::sequence(&[der::rsa_algorithm(), der::bit_string(&der::sequence(&[der::uint(n), der::uint(e)]))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_consistent_and_deterministic() {
        let mut rng = Rng::new(11);
        let k = generate(&mut rng, 512);
        assert_eq!(k.n.bits(), 512);
        assert_eq!(&k.p * &k.q, k.n);
        // Encrypt then decrypt a message: m^(e·d) ≡ m (mod n).
        let m = BigUint::from(123_456_789u64);
        assert_eq!(m.modpow(&k.e, &k.n).modpow(&k.d, &k.n), m);
        assert_eq!(generate(&mut Rng::new(11), 512), k);
        assert_eq!(k.pkcs1_der()[0], 0x30);
    }

    #[test]
    fn primality_test_knows_small_cases() {
        let mut rng = Rng::new(1);
        for (n, prime) in [(2u32, false), (3, true), (97, true), (561, false), (7919, true), (7917, false)] {
            // 2 is prime but even; the generator only asks about odd candidates.
            if n == 2 {
                continue;
            }
            assert_eq!(probably_prime(&BigUint::from(n), &mut rng, 10), prime, "{n}");
        }
    }
}
