//! Pages of a listing, as AWS services answer them: at most a page's worth of items and a
//! `NextToken` for the rest. The token is opaque to callers (base64 of the key of the first item
//! of the next page), so a page resumes after the items already seen even when the listing
//! changed in between. The items come sorted by their key.

/// The page of `items` that `token` starts (the first page without one), at most `size` long,
/// and the token of the next page if there are more. `None`: the token is not one this
/// listing gave out (each service words that error its own way).
pub fn page<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    token: Option<&str>,
    size: usize,
) -> Option<(Vec<T>, Option<String>)> {
    let start = match token {
        None => 0,
        Some(t) => {
            let from = crate::crypto::unbase64(t).and_then(|b| String::from_utf8(b).ok())?;
            items.iter().position(|i| key(i) >= from).unwrap_or(items.len())
        }
    };
    let mut rest: Vec<T> = items.into_iter().skip(start).collect();
    let next = rest.get(size).map(|i| crate::crypto::base64(key(i).as_bytes()));
    rest.truncate(size);
    Some((rest, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_resume_after_what_was_seen() {
        let items: Vec<String> = (0..5).map(|i| format!("a{i}")).collect();
        let (first, next) = page(items.clone(), String::clone, None, 2).unwrap();
        assert_eq!(first, ["a0", "a1"]);
        // An item removed in between does not shift the next page.
        let fewer: Vec<String> = items.iter().filter(|i| *i != "a0").cloned().collect();
        let (second, next) = page(fewer, String::clone, next.as_deref(), 2).unwrap();
        assert_eq!(second, ["a2", "a3"]);
        let (last, next) = page(items, String::clone, next.as_deref(), 2).unwrap();
        assert_eq!((last, next), (vec!["a4".to_string()], None));
        assert!(page(vec!["x".to_string()], String::clone, Some("%%%"), 2).is_none());
    }
}
