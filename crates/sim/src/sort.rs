//! Stable sorts through one shared sort (core). The standard library's sort is generic over the
//! element and the comparison, so every `sort_by_key` of a new type or closure put another copy
//! of it into the page (1.5-2.2 KB of code each, 182 of them in the page at 88 KB). Here only
//! the sort of positions is the standard library's, compiled once for the one comparison
//! below; each element type costs a small swap loop. Sorting positions reads each element
//! through an index, which is nothing beside the lists the sandbox sorts (a page of a listing,
//! the keys of a document).

use std::cmp::Ordering;

/// The positions of `0..len` in the stable order `cmp` gives them.
#[inline(never)]
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|&a, &b| cmp(a, b));
    positions
}

/// Moves each element to its place: `order[i]` is the old position of what belongs at `i`.
fn apply<T>(v: &mut [T], order: &[usize]) {
    // Where each element now at a position belongs, followed cycle by cycle with swaps.
    let mut dest = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        dest[old] = new;
    }
    for i in 0..v.len() {
        while dest[i] != i {
            let j = dest[i];
            v.swap(i, j);
            dest.swap(i, j);
        }
    }
}

/// `slice::sort_by`, stable.
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let o = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    apply(v, &o);
}

/// `slice::sort_by_key`, stable.
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let o = order(v.len(), &|a, b| key(&v[a]).cmp(&key(&v[b])));
    apply(v, &o);
}

/// `iter.collect::<BTreeMap<_, _>>()` by insertion: the standard library's collect into a
/// B-tree sorts first (a copy of its sort per key type); a later duplicate key wins, as there.
pub fn map_of<K: Ord, V>(iter: impl IntoIterator<Item = (K, V)>) -> std::collections::BTreeMap<K, V> {
    let mut map = std::collections::BTreeMap::new();
    for (k, v) in iter {
        map.insert(k, v);
    }
    map
}

/// `iter.collect::<BTreeSet<_>>()` by insertion, for the same reason as [`map_of`].
pub fn set_of<T: Ord>(iter: impl IntoIterator<Item = T>) -> std::collections::BTreeSet<T> {
    let mut set = std::collections::BTreeSet::new();
    for x in iter {
        set.insert(x);
    }
    set
}

/// `slice::sort`, stable.
pub fn ord<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties included.
        #[test]
        fn sorts_as_the_standard_library_does(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            super::by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(&ours, &std);
            let mut ours = v.clone();
            super::ord(&mut ours);
            let mut std = v;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
