//! Splits a typed line into words the way a POSIX shell does for the sandbox's needs:
//! whitespace separates, '…' is literal, "…" allows \" \\ \$ escapes, \ escapes outside quotes.

/// Longest line the terminal accepts; longer input is refused before any parsing.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LexError {
    #[error("unexpected EOF while looking for matching `{0}'")]
    Unclosed(char),
    #[error("the line is longer than {MAX_LINE_BYTES} bytes")]
    TooLong,
}

/// Splits `line` into words.
pub fn split(line: &str) -> Result<Vec<String>, LexError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(LexError::TooLong);
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err(LexError::Unclosed('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&n @ ('"' | '\\' | '$' | '`')) => {
                                cur.push(n);
                                chars.next();
                            }
                            _ => cur.push('\\'),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err(LexError::Unclosed('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Quotes a word so that [`split`] gives it back unchanged.
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_.,:/=@+%".contains(c));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(split("aws ec2  describe-instances").unwrap(), ["aws", "ec2", "describe-instances"]);
        assert_eq!(split(r#"a 'b c' "d \"e\"" f\ g ''"#).unwrap(), ["a", "b c", "d \"e\"", "f g", ""]);
        assert_eq!(split("x 'it'\\''s'").unwrap(), ["x", "it's"]);
        assert_eq!(split("'open"), Err(LexError::Unclosed('\'')));
        assert_eq!(split("\"open"), Err(LexError::Unclosed('"')));
    }

    #[test]
    fn quote_round_trips() {
        for w in ["plain", "two words", "it's", "", "<img src=x>", "Key=Name,Value=web", "[{\"a\":1}]"] {
            assert_eq!(split(&quote(w)).unwrap(), [w]);
        }
    }
}
