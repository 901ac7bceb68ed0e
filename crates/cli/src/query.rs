//! `--query`: JMESPath over the response document, with the `jmespath` crate (the original
//! specification, which jmespath.py and so the AWS CLI follow).
//!
//! Two things the crate does differently from the AWS CLI are mended here:
//! - its objects are sorted maps, while Python's dicts keep their order: the AWS CLI prints a
//!   projected object in the response's member order and a multi-select hash
//!   (`{Id: InstanceId, Type: InstanceType}`) in the order it was written. [`restore_order`]
//!   gives every object of the result the order of the input object or of the hash with the
//!   same set of keys.
//! - jmespath.py, during JEP-12's deprecation period, still reads a literal that is not JSON
//!   as a string (`` Volumes[?AvailabilityZone==`us-west-2a`] ``, as the AWS CLI User Guide
//!   writes it); the crate refuses it, so [`legacy_literals`] quotes such a literal first.
//! - it recurses once per nesting level, in parsing, searching and dropping the tree; a line
//!   may be 64 KiB, so an expression's operators are counted ([`MAX_OPERATORS`]) before it is
//!   parsed and its tree's depth ([`MAX_DEPTH`]) before it is searched, and a bigger one is
//!   refused like a bad one.

use std::collections::BTreeMap;

use jmespath::ast::Ast;
use serde_json::{Map, Value};

/// The deepest expression tree searched.
pub const MAX_DEPTH: usize = 64;
/// The most operator characters (`.`, `|`, brackets, comparisons, …) an expression may have:
/// it bounds the tree's depth before the parser builds it.
pub const MAX_OPERATORS: usize = 256;

/// The most values a query's result may hold: a world of a thousand instances described whole
/// is some 200,000; far more would take the page seconds to print.
pub const MAX_RESULT_VALUES: usize = 2_000_000;

/// A compiled `--query`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    text: String,
    ast: Ast,
}

impl Query {
    /// Compiles an expression; the error is the AWS CLI's `Bad value for --query …` text.
    pub fn compile(text: &str) -> Result<Query, String> {
        if operators(text) > MAX_OPERATORS {
            return Err(format!(
                "Bad value for --query {text}: the expression has more than {MAX_OPERATORS} operators (a sandbox limit)"
            ));
        }
        let ast = jmespath::parse(&legacy_literals(text)).map_err(|e| bad_value(text, &e))?;
        if depth(&ast) > MAX_DEPTH {
            return Err(format!(
                "Bad value for --query {text}: the expression nests deeper than {MAX_DEPTH} levels (a sandbox limit)"
            ));
        }
        Ok(Query { text: text.to_string(), ast })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Searches a response document. A runtime error (a function given the wrong type) is the
    /// message jmespath raises, which the AWS CLI prints with exit status 255.
    pub fn search(&self, doc: &Value) -> Result<Value, String> {
        let expression = jmespath::Expression::new(self.text.clone(), self.ast.clone(), &jmespath::DEFAULT_RUNTIME);
        let result = expression.search(doc).map_err(|e| e.reason.to_string())?;
        // The result shares its parts (jmespath's values are reference-counted), so a short
        // expression can stand for a document exponentially larger than its input
        // (`[@, @].[@, @].[@, @]…`); it is copied out only if it is within bounds.
        let mut budget = MAX_RESULT_VALUES;
        if !within(&result, &mut budget) {
            return Err(format!(
                "the result of --query would hold more than {MAX_RESULT_VALUES} values (a sandbox limit)"
            ));
        }
        let value = serde_json::to_value(&*result).map_err(|e| e.to_string())?;
        let mut orders = BTreeMap::new();
        hash_orders(&self.ast, &mut orders);
        object_orders(doc, &mut orders);
        Ok(restore_order(value, &orders))
    }
}

/// Whether a result has at most `budget` values, counting a shared part every time it appears
/// (as the printed document repeats it); the walk stops as soon as the budget is spent.
fn within(v: &jmespath::Variable, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    match v {
        jmespath::Variable::Array(items) => items.iter().all(|i| within(i, budget)),
        jmespath::Variable::Object(map) => map.values().all(|i| within(i, budget)),
        _ => true,
    }
}

/// jmespath.py's `_consume_literal`: a `` `literal` `` that is not JSON is read as the JSON
/// string `"literal"` (its leading blanks dropped), and is an error only if that fails too.
/// Raw strings (`'…'`) and quoted identifiers (`"…"`) are skipped whole.
fn legacy_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if d == c {
                        break;
                    }
                }
            }
            '`' => {
                let mut lexeme = String::new();
                let mut closed = false;
                while let Some(d) = chars.next() {
                    if d == '\\' && chars.peek() == Some(&'`') {
                        chars.next();
                        lexeme.push('`');
                    } else if d == '`' {
                        closed = true;
                        break;
                    } else {
                        lexeme.push(d);
                    }
                }
                let quoted = format!("\"{}\"", lexeme.trim_start());
                let literal = if closed
                    && serde_json::from_str::<Value>(&lexeme).is_err()
                    && serde_json::from_str::<Value>(&quoted).is_ok()
                {
                    quoted
                } else {
                    lexeme
                };
                out.push('`');
                out.push_str(&literal.replace('`', "\\`"));
                if closed {
                    out.push('`');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// jmespath.py's ParseError layout: the reason, the column, the expression and a caret.
fn bad_value(text: &str, e: &jmespath::JmespathError) -> String {
    let reason = match &e.reason {
        jmespath::ErrorReason::Parse(msg) => msg.clone(),
        other => other.to_string(),
    };
    format!(
        "Bad value for --query {text}: {reason}: Parse error at column {}, for expression:\n\"{text}\"\n{}^",
        e.offset,
        " ".repeat(e.offset + 1)
    )
}

/// The operator characters of the text, counted before parsing (quoted parts included: an
/// over-count only refuses an absurd expression).
fn operators(text: &str) -> usize {
    text.chars().filter(|c| matches!(c, '.' | '|' | '[' | '(' | '{' | ',' | '&' | '!' | '<' | '>' | '=' | '?')).count()
}

fn children(ast: &Ast) -> Vec<&Ast> {
    match ast {
        Ast::Comparison { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. } => vec![lhs, rhs],
        Ast::Condition { predicate, then, .. } => vec![predicate, then],
        Ast::Expref { ast, .. } => vec![ast],
        Ast::Flatten { node, .. } | Ast::Not { node, .. } | Ast::ObjectValues { node, .. } => vec![node],
        Ast::Function { args, .. } => args.iter().collect(),
        Ast::MultiList { elements, .. } => elements.iter().collect(),
        Ast::MultiHash { elements, .. } => elements.iter().map(|kv| &kv.value).collect(),
        Ast::Identity { .. } | Ast::Field { .. } | Ast::Index { .. } | Ast::Literal { .. } | Ast::Slice { .. } => {
            Vec::new()
        }
    }
}

/// The depth of the tree, without recursion (the check must not itself overflow the stack).
fn depth(ast: &Ast) -> usize {
    let mut max = 0;
    let mut stack = vec![(ast, 1usize)];
    while let Some((node, d)) = stack.pop() {
        max = max.max(d);
        if d > MAX_DEPTH {
            break;
        }
        stack.extend(children(node).into_iter().map(|c| (c, d + 1)));
    }
    max
}

/// Sorted keys → the order to print them in.
type Orders = BTreeMap<Vec<String>, Vec<String>>;

fn signature<'a>(keys: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut k: Vec<String> = keys.cloned().collect();
    kumo_sim::sort::ord(&mut k);
    k.dedup();
    k
}

/// The key order of every multi-select hash of the expression, as written. These come first:
/// a hash that happens to have an input object's keys is printed as the learner wrote it.
fn hash_orders(ast: &Ast, orders: &mut Orders) {
    let mut stack = vec![ast];
    while let Some(node) = stack.pop() {
        if let Ast::MultiHash { elements, .. } = node {
            let mut order: Vec<String> = Vec::new();
            for kv in elements {
                if !order.contains(&kv.key) {
                    order.push(kv.key.clone());
                }
            }
            orders.entry(signature(order.iter())).or_insert(order);
        }
        stack.extend(children(node));
    }
}

/// The member order of every object of the response (the first one seen per key set).
fn object_orders(doc: &Value, orders: &mut Orders) {
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                orders.entry(signature(map.keys())).or_insert_with(|| map.keys().cloned().collect());
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// Gives each object of the result its order from `orders`; one with no known key set keeps
/// the crate's sorted order.
fn restore_order(value: Value, orders: &Orders) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(|v| restore_order(v, orders)).collect()),
        Value::Object(mut map) => {
            let order = orders.get(&signature(map.keys())).cloned();
            let mut out = Map::new();
            if let Some(order) = order {
                for k in order {
                    if let Some(v) = map.remove(&k) {
                        out.insert(k, restore_order(v, orders));
                    }
                }
            }
            for (k, v) in map {
                out.insert(k, restore_order(v, orders));
            }
            Value::Object(out)
        }
        scalar => scalar,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(q: &str, doc: &Value) -> Value {
        Query::compile(q).unwrap().search(doc).unwrap()
    }

    #[test]
    fn keeps_the_response_order_and_the_hash_order() {
        let doc = json!({"Volumes": [{"VolumeId": "vol-1", "Size": 8, "AvailabilityZone": "us-east-1a"}]});
        let out = run("Volumes[0]", &doc);
        assert_eq!(out.as_object().unwrap().keys().collect::<Vec<_>>(), ["VolumeId", "Size", "AvailabilityZone"]);
        let out = run("Volumes[].{Z: AvailabilityZone, A: VolumeId}", &doc);
        assert_eq!(out[0].as_object().unwrap().keys().collect::<Vec<_>>(), ["Z", "A"]);
        assert_eq!(out[0]["A"], "vol-1");
    }

    /// Shared parts make a short expression an exponentially large result (the fuzzer's
    /// 168-byte query printed 152 MB): beyond the bound it is an error, found in microseconds.
    #[test]
    fn a_result_that_multiplies_past_the_bound_is_refused() {
        let doc = json!({"Items": [{"A": 1, "B": [1, 2, 3]}]});
        let small = "Items[].[@, @]";
        assert_eq!(run(small, &doc), json!([[{"A": 1, "B": [1, 2, 3]}, {"A": 1, "B": [1, 2, 3]}]]));
        let wide = "[@, @, @, @, @, @, @, @, @, @]";
        let huge = format!("Items[].{wide}.{wide}.{wide}.{wide}.{wide}.{wide}.{wide}");
        let err = Query::compile(&huge).unwrap().search(&doc).unwrap_err();
        assert!(err.contains("more than 2000000 values"), "{err}");
    }

    #[test]
    fn functions_filters_and_errors() {
        let doc = json!({"Volumes": [{"Size": 8}, {"Size": 100}, {"Size": 1}]});
        assert_eq!(run("length(Volumes)", &doc), json!(3));
        assert_eq!(run("Volumes[?Size > `5`].Size", &doc), json!([8, 100]));
        assert_eq!(run("sort_by(Volumes, &Size)[].Size", &doc), json!([1, 8, 100]));
        assert_eq!(run("Missing", &doc), Value::Null);
        let err = Query::compile("Volumes[").unwrap_err();
        assert!(err.starts_with("Bad value for --query Volumes[: "), "{err}");
        assert!(Query::compile("length(`5`)").unwrap().search(&doc).is_err());
    }

    #[test]
    fn a_literal_that_is_not_json_is_a_string_as_in_jmespath_py() {
        let doc =
            json!({"Volumes": [{"AvailabilityZone": "us-west-2a", "Size": 8}, {"AvailabilityZone": "b", "Size": 9}]});
        assert_eq!(run("Volumes[?AvailabilityZone==`us-west-2a`].Size", &doc), json!([8]));
        assert_eq!(run("Volumes[?Size==`9`].AvailabilityZone", &doc), json!(["b"]));
        assert_eq!(run("'`x`'", &doc), json!("`x`"));
        assert_eq!(legacy_literals("`a\\`b`"), "`\"a\\`b\"`");
        assert!(Query::compile("`unclosed").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        assert!(Query::compile(&deep).is_err());
        let dots = vec!["a"; 20_000].join(".");
        assert!(Query::compile(&dots).is_err());
        let pipes = vec!["a"; 20_000].join(" | ");
        assert!(Query::compile(&pipes).is_err());
    }
}
