//! The AWS CLI's shorthand syntax (`Key=Name,Value=web`, `Tags=[{Key=a,Value=b}]`, `Values=a,b`)
//! and JSON parameter values, both parsed into a JSON value.

use serde_json::{Map, Value};

/// Where shorthand parsing failed, worded like the AWS CLI's
/// `Expected: '=', received: 'EOF' for input:` message, with a caret under the position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShorthandError {
    pub expected: String,
    pub received: String,
    pub input: String,
    pub position: usize,
}

impl std::fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let caret_at = self.input[..self.position.min(self.input.len())].chars().count();
        write!(
            f,
            "Expected: '{}', received: '{}' for input:\n{}\n{}^",
            self.expected,
            self.received,
            self.input,
            " ".repeat(caret_at)
        )
    }
}

/// Parses one parameter value: JSON when it starts with `{` or `[` (or `"`), shorthand otherwise.
pub fn parse_value(text: &str) -> Result<Value, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return serde_json::from_str(trimmed).map_err(|e| format!("Invalid JSON: {e}\nJSON received: {text}"));
    }
    let mut v = parse_shorthand(text).map_err(|e| e.to_string())?;
    lists_where_the_shape_has_lists(&mut v);
    Ok(v)
}

/// Shorthand knows the parameter's shape: a single word given for a list member (`Values=a`)
/// is a one-item list. JSON input gets no such help, as in the AWS CLI.
fn lists_where_the_shape_has_lists(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            for (k, member) in obj.iter_mut() {
                if k == "Values" && member.is_string() {
                    *member = Value::Array(vec![member.take()]);
                }
                lists_where_the_shape_has_lists(member);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(lists_where_the_shape_has_lists),
        _ => {}
    }
}

/// Parses shorthand into a JSON object of strings, lists and objects.
pub fn parse_shorthand(text: &str) -> Result<Value, ShorthandError> {
    let mut p = Parser { s: text, pos: 0, depth: 0 };
    let obj = p.keyvals(true)?;
    if p.pos < p.s.len() {
        return Err(p.error("EOF"));
    }
    Ok(Value::Object(obj))
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    depth: usize,
}

/// Nesting bound: shorthand from a terminal is never deep; this keeps recursion finite.
const MAX_DEPTH: usize = 32;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn error(&self, expected: &str) -> ShorthandError {
        ShorthandError {
            expected: expected.to_string(),
            received: self.peek().map_or_else(|| "EOF".to_string(), |c| c.to_string()),
            input: self.s.to_string(),
            position: self.pos,
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c == ' ') {
            self.pos += 1;
        }
    }

    fn keyvals(&mut self, top: bool) -> Result<Map<String, Value>, ShorthandError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("less nesting"));
        }
        let mut obj = Map::new();
        loop {
            self.skip_ws();
            let key = self.key()?;
            if !self.eat('=') {
                return Err(self.error("="));
            }
            let value = self.value(top)?;
            obj.insert(key, value);
            self.skip_ws();
            if !self.eat(',') {
                break;
            }
        }
        self.depth -= 1;
        Ok(obj)
    }

    fn key(&mut self) -> Result<String, ShorthandError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || "-_.#/:".contains(c) {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        if self.pos == start {
            return Err(self.error("key"));
        }
        Ok(self.s[start..self.pos].to_string())
    }

    fn value(&mut self, top: bool) -> Result<Value, ShorthandError> {
        self.skip_ws();
        match self.peek() {
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.eat(']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    self.skip_ws();
                    if self.peek() == Some('{') {
                        self.pos += 1;
                        items.push(Value::Object(self.keyvals(false)?));
                        if !self.eat('}') {
                            return Err(self.error("}"));
                        }
                    } else {
                        items.push(Value::String(self.scalar(true)?));
                    }
                    self.skip_ws();
                    if self.eat(']') {
                        break;
                    }
                    if !self.eat(',') {
                        return Err(self.error("]"));
                    }
                }
                Ok(Value::Array(items))
            }
            Some('{') => {
                self.pos += 1;
                let obj = self.keyvals(false)?;
                if !self.eat('}') {
                    return Err(self.error("}"));
                }
                Ok(Value::Object(obj))
            }
            _ => {
                let first = self.scalar(!top)?;
                // `Values=a,b,c`: more comma-separated words that are not `key=` start a list.
                let mut items = vec![first];
                while self.peek() == Some(',') && !self.next_is_key() {
                    self.pos += 1;
                    items.push(self.scalar(!top)?);
                }
                if items.len() == 1 {
                    Ok(Value::String(items.remove(0)))
                } else {
                    Ok(Value::Array(items.into_iter().map(Value::String).collect()))
                }
            }
        }
    }

    /// After a comma: does a `key=` follow (a new member) rather than another list item?
    fn next_is_key(&self) -> bool {
        let rest = &self.s[self.pos + 1..];
        let end = rest.find([',', '[', ']', '{', '}']).unwrap_or(rest.len());
        let seg = &rest[..end];
        match seg.find('=') {
            Some(eq) => {
                let k = seg[..eq].trim();
                !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || "-_.#/:".contains(c))
            }
            None => false,
        }
    }

    /// A bare or quoted word. Inside brackets, `]` and `}` also end it.
    fn scalar(&mut self, nested: bool) -> Result<String, ShorthandError> {
        self.skip_ws();
        if let Some(q @ ('\'' | '"')) = self.peek() {
            self.pos += 1;
            let mut out = String::new();
            loop {
                match self.peek() {
                    None => return Err(self.error(&q.to_string())),
                    Some(c) if c == q => {
                        self.pos += 1;
                        break;
                    }
                    Some('\\') => {
                        self.pos += 1;
                        if let Some(c) = self.peek() {
                            out.push(c);
                            self.pos += c.len_utf8();
                        }
                    }
                    Some(c) => {
                        out.push(c);
                        self.pos += c.len_utf8();
                    }
                }
            }
            return Ok(out);
        }
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == ',' || (nested && (c == ']' || c == '}')) {
                break;
            }
            if c == '\\' {
                self.pos += 1;
                if let Some(n) = self.peek() {
                    out.push(n);
                    self.pos += n.len_utf8();
                }
                continue;
            }
            out.push(c);
            self.pos += c.len_utf8();
        }
        Ok(out.trim_end().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_forms_the_aws_cli_documents() {
        assert_eq!(parse_shorthand("Key=Name,Value=web").unwrap(), json!({"Key": "Name", "Value": "web"}));
        assert_eq!(
            parse_shorthand("ResourceType=instance,Tags=[{Key=Name,Value=web},{Key=env,Value=dev}]").unwrap(),
            json!({"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "dev"}]})
        );
        assert_eq!(
            parse_shorthand("Name=instance-state-name,Values=running,stopped").unwrap(),
            json!({"Name": "instance-state-name", "Values": ["running", "stopped"]})
        );
        assert_eq!(
            parse_shorthand("Name=tag:Name,Values=[a,b]").unwrap(),
            json!({"Name": "tag:Name", "Values": ["a", "b"]})
        );
        assert_eq!(parse_shorthand("Key=Name,Value='a, b'").unwrap(), json!({"Key": "Name", "Value": "a, b"}));
        assert_eq!(
            parse_shorthand("Value=<img src=x onerror=alert(1)>").unwrap(),
            json!({"Value": "<img src=x onerror=alert(1)>"})
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse_shorthand("Name").unwrap_err();
        assert_eq!(e.to_string(), "Expected: '=', received: 'EOF' for input:\nName\n    ^");
        assert!(parse_shorthand("Tags=[{Key=a").is_err());
        assert!(parse_value("{not json").is_err());
        assert_eq!(parse_value("[{\"Key\":\"a\"}]").unwrap(), json!([{"Key": "a"}]));
    }
}
