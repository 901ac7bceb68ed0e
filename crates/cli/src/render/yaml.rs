//! `--output yaml` and `--output yaml-stream`: the AWS CLI v2's YAML formatter.
//!
//! The AWS CLI dumps with ruamel.yaml (`YAML(typ='safe')`, block style, awscli
//! `formatter.py` `YAMLDumper`) through the libyaml emitter (ruamel_yaml_clib). What that
//! prints, and what is reproduced here:
//! - mapping keys sorted (ruamel's SafeRepresenter sorts plain dicts on output), sequences in a
//!   mapping not indented (`Key:` then `- item`), empty collections in flow style (`[]`, `{}`);
//! - a string plain when libyaml's analysis allows it and the YAML 1.2 resolver would read it
//!   back as a string, else single-quoted (`'2026-04-01T00:00:00+00:00'`, `'true'`, `''`),
//!   else double-quoted with escapes; long scalars folded at a space past column 80;
//! - a top-level scalar as JSON on one line (the formatter's own rule, to avoid `...`).

use serde_json::Value;

/// libyaml's `best_width`.
const WIDTH: usize = 80;
/// libyaml's `best_indent`.
const INDENT: usize = 2;

pub fn format(value: &Value) -> String {
    if !matches!(value, Value::Object(_) | Value::Array(_)) {
        let mut s = serde_json::to_string(value).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let mut e = Emitter { out: String::new(), column: 0, whitespace: true, indention: true };
    e.node(value, 0, Context::Root);
    if e.column > 0 {
        e.out.push('\n');
    }
    e.out
}

/// `yaml-stream`: each page is dumped as a one-item list; the sandbox's responses are one page.
pub fn stream(value: &Value) -> String {
    format(&Value::Array(vec![value.clone()]))
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Root,
    MappingValue,
    SequenceItem,
}

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// libyaml `yaml_emitter_write_indent`.
    fn write_indent(&mut self, indent: usize) {
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    /// libyaml `yaml_emitter_write_indicator`.
    fn write_indicator(&mut self, s: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in s.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// A node whose parent's indent is `parent` (the mapping's or sequence's own column).
    fn node(&mut self, v: &Value, indent: usize, ctx: Context) {
        match v {
            Value::Object(map) if map.is_empty() => self.write_indicator("{}", true, false, false),
            Value::Array(items) if items.is_empty() => self.write_indicator("[]", true, false, false),
            Value::Object(map) => {
                // A mapping is indented one step under its key or its `-`, not at the root.
                let own = if ctx == Context::Root { indent } else { indent + INDENT };
                let mut keys: Vec<&String> = map.keys().collect();
                kumo_sim::sort::ord(&mut keys);
                for k in keys {
                    self.write_indent(own);
                    self.scalar(&Value::String(k.clone()), own, true);
                    self.write_indicator(":", false, false, false);
                    self.node(&map[k], own, Context::MappingValue);
                }
            }
            Value::Array(items) => {
                // In a mapping a sequence is not indented (libyaml's indentless sequence).
                let own = match ctx {
                    Context::Root | Context::MappingValue => indent,
                    Context::SequenceItem => indent + INDENT,
                };
                for item in items {
                    self.write_indent(own);
                    self.write_indicator("-", true, false, true);
                    self.node(item, own, Context::SequenceItem);
                }
            }
            scalar => self.scalar(scalar, indent, false),
        }
    }

    /// A scalar; continuation lines of a folded one are indented a step under `indent`.
    fn scalar(&mut self, v: &Value, indent: usize, simple_key: bool) {
        let text = match v {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            _ => String::new(),
        };
        let style = if v.is_string() { choose_style(&text, simple_key) } else { Style::Plain };
        let indent = indent + INDENT;
        match style {
            Style::Plain => self.plain(&text, indent, !simple_key),
            Style::Single => self.single_quoted(&text, indent, !simple_key),
            Style::Double => self.double_quoted(&text, indent, !simple_key),
        }
    }

    /// libyaml `yaml_emitter_write_plain_scalar`.
    fn plain(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > WIDTH && chars.get(i + 1) != Some(&' ') {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    /// libyaml `yaml_emitter_write_single_quoted`.
    fn single_quoted(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > WIDTH
                    && i != 0
                    && i + 1 != chars.len()
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.put_break();
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent(indent);
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// libyaml `yaml_emitter_write_double_quoted`.
    fn double_quoted(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                let escaped = match short {
                    Some(s) => s.to_string(),
                    None if (c as u32) <= 0xFF => format!("x{:02X}", c as u32),
                    None if (c as u32) <= 0xFFFF => format!("u{:04X}", c as u32),
                    None => format!("U{:08X}", c as u32),
                };
                for e in escaped.chars() {
                    self.put(e);
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > WIDTH && i != 0 && i + 1 != chars.len() {
                    self.write_indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }
}

#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's IS_PRINTABLE (characters beyond the Basic Multilingual Plane are not).
fn is_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0A
        || (0x20..=0x7E).contains(&u)
        || u == 0x85
        || (0xA0..=0xD7FF).contains(&u)
        || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF)
}

fn is_blank_or_end(c: Option<&char>) -> bool {
    match c {
        None => true,
        Some(&c) => c == ' ' || c == '\t' || is_break(c),
    }
}

/// libyaml's `yaml_emitter_analyze_scalar` and `yaml_emitter_select_scalar_style` for a string
/// in block context.
fn choose_style(text: &str, simple_key: bool) -> Style {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        // Plain is allowed, but the resolver reads an empty plain scalar as null.
        return Style::Single;
    }
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut special, mut line_breaks) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blank_or_end(chars.get(i + 1));
        let (first, last) = (i == 0, i + 1 == chars.len());
        if first {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_indicators = true;
            }
            if (c == '?' || c == ':' || c == '-') && followed_by_whitespace {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
            block_indicators = true;
        }
        if !is_printable(c) {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            previous_break = true;
            previous_space = false;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = c == ' ' || c == '\t' || is_break(c);
    }
    let mut block_plain = !(leading_space || leading_break || trailing_space || trailing_break);
    let mut single_allowed = true;
    if break_space {
        block_plain = false;
        single_allowed = false;
    }
    if space_break || special {
        block_plain = false;
        single_allowed = false;
    }
    if line_breaks || block_indicators {
        block_plain = false;
    }
    if simple_key && line_breaks {
        return Style::Double;
    }
    if block_plain && resolves_as_string(text) {
        return Style::Plain;
    }
    if single_allowed { Style::Single } else { Style::Double }
}

/// Whether ruamel.yaml's YAML 1.2 resolver reads the plain scalar back as a string: none of
/// its implicit patterns (bool, float, int, merge, null, timestamp, value, yaml) match.
fn resolves_as_string(s: &str) -> bool {
    !(matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || matches!(s, "~" | "null" | "Null" | "NULL" | "<<" | "=" | "!" | "&" | "*")
        || is_float(s)
        || is_int(s)
        || is_timestamp(s))
}

/// A tiny cursor for the resolver's patterns (no regex crate: the page pays for every byte).
struct Cursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, set: &[u8]) -> bool {
        if self.s.get(self.at).is_some_and(|b| set.contains(b)) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn eat_str(&mut self, lit: &str) -> bool {
        if self.s[self.at..].starts_with(lit.as_bytes()) {
            self.at += lit.len();
            true
        } else {
            false
        }
    }
    /// At least `min` of the set; how many were eaten.
    fn many(&mut self, set: &[u8]) -> usize {
        let start = self.at;
        while self.eat(set) {}
        self.at - start
    }
    fn done(&self) -> bool {
        self.at == self.s.len()
    }
}

const DIGITS: &[u8] = b"0123456789";
const DIGITS_: &[u8] = b"0123456789_";

fn cursor(s: &str) -> Cursor<'_> {
    Cursor { s: s.as_bytes(), at: 0 }
}

fn exponent(c: &mut Cursor<'_>, sign_required: bool) -> bool {
    if !c.eat(b"eE") {
        return false;
    }
    let signed = c.eat(b"-+");
    (signed || !sign_required) && c.many(DIGITS) > 0
}

fn is_float(s: &str) -> bool {
    let alternatives: [&dyn Fn(&mut Cursor<'_>) -> bool; 5] = [
        // [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?
        &|c| {
            c.eat(b"-+");
            if !c.eat(DIGITS) {
                return false;
            }
            c.many(DIGITS_);
            if !c.eat(b".") {
                return false;
            }
            c.many(DIGITS_);
            let save = c.at;
            if !exponent(c, false) {
                c.at = save;
            }
            c.done()
        },
        // [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        &|c| {
            c.eat(b"-+");
            c.eat(DIGITS)
                && {
                    c.many(DIGITS_);
                    exponent(c, false)
                }
                && c.done()
        },
        // [-+]?\.[0-9_]+([eE][-+][0-9]+)?
        &|c| {
            c.eat(b"-+");
            if !(c.eat(b".") && c.many(DIGITS_) > 0) {
                return false;
            }
            let save = c.at;
            if !exponent(c, true) {
                c.at = save;
            }
            c.done()
        },
        // [-+]?\.(inf|Inf|INF)
        &|c| {
            c.eat(b"-+");
            c.eat(b".") && (c.eat_str("inf") || c.eat_str("Inf") || c.eat_str("INF")) && c.done()
        },
        // \.(nan|NaN|NAN)
        &|c| c.eat(b".") && (c.eat_str("nan") || c.eat_str("NaN") || c.eat_str("NAN")) && c.done(),
    ];
    alternatives.iter().any(|alt| alt(&mut cursor(s)))
}

fn is_int(s: &str) -> bool {
    let alternatives: [&dyn Fn(&mut Cursor<'_>) -> bool; 4] = [
        &|c| {
            c.eat(b"-+");
            c.eat_str("0b") && c.many(b"01_") > 0 && c.done()
        },
        &|c| {
            c.eat(b"-+");
            c.eat(b"0")
                && {
                    c.eat(b"o");
                    c.many(b"01234567_") > 0
                }
                && c.done()
        },
        &|c| {
            c.eat(b"-+");
            c.many(DIGITS_) > 0 && c.done()
        },
        &|c| {
            c.eat(b"-+");
            c.eat_str("0x") && c.many(b"0123456789abcdefABCDEF_") > 0 && c.done()
        },
    ];
    alternatives.iter().any(|alt| alt(&mut cursor(s)))
}

/// `YYYY-MM-DD`, or a date and time with optional fraction and zone.
fn is_timestamp(s: &str) -> bool {
    let date_only = |c: &mut Cursor<'_>| {
        (0..4).all(|_| c.eat(DIGITS))
            && c.eat(b"-")
            && c.eat(DIGITS)
            && c.eat(DIGITS)
            && c.eat(b"-")
            && c.eat(DIGITS)
            && c.eat(DIGITS)
            && c.done()
    };
    let date_time = |c: &mut Cursor<'_>| {
        let two = |c: &mut Cursor<'_>| c.eat(DIGITS) && c.eat(DIGITS);
        let one_or_two = |c: &mut Cursor<'_>| {
            let ok = c.eat(DIGITS);
            c.eat(DIGITS);
            ok
        };
        if !((0..4).all(|_| c.eat(DIGITS)) && c.eat(b"-") && one_or_two(c) && c.eat(b"-") && one_or_two(c)) {
            return false;
        }
        if !(c.eat(b"Tt") || c.many(b" \t") > 0) {
            return false;
        }
        if !(one_or_two(c) && c.eat(b":") && two(c) && c.eat(b":") && two(c)) {
            return false;
        }
        if c.eat(b".") {
            c.many(DIGITS);
        }
        c.many(b" \t");
        if c.eat(b"Z") {
            return c.done();
        }
        if c.eat(b"-+") {
            if !one_or_two(c) {
                return false;
            }
            if c.eat(b":") && !two(c) {
                return false;
            }
        }
        c.done()
    };
    date_only(&mut cursor(s)) || date_time(&mut cursor(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quotes_what_would_read_back_as_something_else() {
        for (s, style) in [
            ("i-0123456789abcdef0", Style::Plain),
            ("/dev/xvda", Style::Plain),
            ("arn:aws:sns:us-east-1:123456789012:alerts", Style::Plain),
            ("2026-04-01T00:00:00+00:00", Style::Single),
            ("2026-04-01T00:00:00.000Z", Style::Single),
            ("2026-04-01", Style::Single),
            ("true", Style::Single),
            ("yes", Style::Plain),
            ("123456789012", Style::Single),
            ("1.5", Style::Single),
            ("", Style::Single),
            ("null", Style::Single),
            ("- x", Style::Single),
            ("a: b", Style::Single),
            ("*", Style::Single),
            ("tab\there", Style::Double),
            ("line\nbreak", Style::Single),
            ("ウェブサーバー", Style::Plain),
        ] {
            assert_eq!(choose_style(s, false), style, "{s:?}");
        }
    }

    #[test]
    fn dumps_like_the_aws_cli() {
        let doc = json!({"Volumes": [{"VolumeId": "vol-1", "Size": 8, "Attachments": [], "Tags": [{"Key": "Name", "Value": "web"}],
            "CreateTime": "2026-04-01T00:00:00+00:00", "Encrypted": false, "Iops": null}]});
        assert_eq!(
            format(&doc),
            "Volumes:\n- Attachments: []\n  CreateTime: '2026-04-01T00:00:00+00:00'\n  Encrypted: false\n  Iops: null\n  Size: 8\n  Tags:\n  - Key: Name\n    Value: web\n  VolumeId: vol-1\n"
        );
        assert_eq!(stream(&json!({"A": {"B": 1}})), "- A:\n    B: 1\n");
        assert_eq!(format(&json!([["a", "b"], {}])), "- - a\n  - b\n- {}\n");
        assert_eq!(format(&json!("i-1")), "\"i-1\"\n");
        assert_eq!(format(&json!(null)), "null\n");
        assert_eq!(format(&json!({"K": "it's"})), "K: it's\n");
        assert_eq!(format(&json!({"K": "'q"})), "K: '''q'\n");
        assert_eq!(format(&json!({"K": "a\nb"})), "K: 'a\n\n  b'\n");
    }

    #[test]
    fn folds_long_scalars_past_column_80() {
        let long = "word ".repeat(30);
        let out = format(&json!({"Description": long.trim_end()}));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(lines[1].starts_with("  word"), "{out}");
        assert!(lines[0].len() <= WIDTH + 6, "{out}");
    }
}
