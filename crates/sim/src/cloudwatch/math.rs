//! CloudWatch metric math for GetMetricData (CWUG using-metric-math): expressions over the
//! other queries' time series by id, numbers, `+ - * / ^`, parentheses, arrays `[m1, m2]`,
//! and the functions ABS, CEIL, FLOOR, SUM, AVG, MIN, MAX, METRICS, RATE, DIFF and PERIOD.
//! Parsing returns errors for any input (property-tested); nesting is bounded.

use std::collections::BTreeMap;

use crate::time::Timestamp;

/// Expressions are at most 2,048 characters (BC-CloudWatch MetricDataQuery.Expression).
pub const MAX_EXPRESSION_CHARS: usize = 2048;
const MAX_DEPTH: usize = 64;

/// A time series: points in time order, and the period they were gathered at.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub points: Vec<(Timestamp, f64)>,
    pub period_secs: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Num(f64),
    Ref(String),
    Neg(Box<Expr>),
    Bin(char, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
    Array(Vec<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Op(char),
}

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            out.push(Tok::Num(s.parse().map_err(|_| format!("'{s}' is not a number"))?));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if "+-*/^()[],".contains(c) {
            out.push(Tok::Op(c));
            i += 1;
        } else {
            return Err(format!("unexpected character '{c}'"));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek_op(&self) -> Option<char> {
        match self.toks.get(self.pos) {
            Some(Tok::Op(c)) => Some(*c),
            _ => None,
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.peek_op() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected '{c}'"))
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err("the expression is nested too deeply".into()) } else { Ok(()) }
    }

    /// sum := product (('+' | '-') product)*
    fn sum(&mut self) -> Result<Expr, String> {
        self.enter()?;
        let mut left = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek_op() {
            self.pos += 1;
            left = Expr::Bin(op, Box::new(left), Box::new(self.product()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    /// product := unary (('*' | '/') unary)*
    fn product(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while let Some(op @ ('*' | '/')) = self.peek_op() {
            self.pos += 1;
            left = Expr::Bin(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    /// unary := '-' unary | power (so -x^2 is -(x^2))
    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_op() == Some('-') {
            self.pos += 1;
            self.enter()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(e)));
        }
        self.power()
    }

    /// power := atom ('^' unary)?, right-associative
    fn power(&mut self) -> Result<Expr, String> {
        let base = self.atom()?;
        if self.peek_op() == Some('^') {
            self.pos += 1;
            self.enter()?;
            let exp = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Bin('^', Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn list(&mut self, close: char) -> Result<Vec<Expr>, String> {
        let mut items = Vec::new();
        if self.peek_op() == Some(close) {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            items.push(self.sum()?);
            match self.peek_op() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                _ => return Err(format!("expected ',' or '{close}'")),
            }
        }
    }

    fn atom(&mut self) -> Result<Expr, String> {
        match self.toks.get(self.pos).cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(Expr::Num(n))
            }
            Some(Tok::Ident(name)) => {
                self.pos += 1;
                if self.peek_op() == Some('(') {
                    self.pos += 1;
                    Ok(Expr::Call(name, self.list(')')?))
                } else {
                    Ok(Expr::Ref(name))
                }
            }
            Some(Tok::Op('(')) => {
                self.pos += 1;
                let e = self.sum()?;
                self.expect(')')?;
                Ok(e)
            }
            Some(Tok::Op('[')) => {
                self.pos += 1;
                Ok(Expr::Array(self.list(']')?))
            }
            Some(Tok::Op(c)) => Err(format!("unexpected '{c}'")),
            None => Err("the expression ends too early".into()),
        }
    }
}

fn parse(text: &str) -> Result<Expr, String> {
    if text.trim().is_empty() {
        return Err("the expression is empty".into());
    }
    if text.chars().count() > MAX_EXPRESSION_CHARS {
        return Err(format!("the expression is longer than {MAX_EXPRESSION_CHARS} characters"));
    }
    let mut p = Parser { toks: lex(text)?, pos: 0, depth: 0 };
    let e = p.sum()?;
    if p.pos < p.toks.len() {
        return Err("unexpected text after the expression".into());
    }
    Ok(e)
}

/// What an expression evaluates to.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Scalar(f64),
    Series(Series),
    Array(Vec<Series>),
}

/// The ids an expression refers to (other queries), for ordering and cycle checks.
pub fn references(text: &str) -> Result<Vec<String>, String> {
    fn walk(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Ref(r) => out.push(r.clone()),
            Expr::Neg(x) => walk(x, out),
            Expr::Bin(_, a, b) => {
                walk(a, out);
                walk(b, out);
            }
            Expr::Call(_, args) | Expr::Array(args) => args.iter().for_each(|a| walk(a, out)),
            Expr::Num(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(&parse(text)?, &mut out);
    Ok(out)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn apply(op: char, a: f64, b: f64) -> Option<f64> {
    finite(match op {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        '/' => a / b,
        _ => a.powf(b),
    })
}

fn map_series(s: &Series, f: impl Fn(f64) -> Option<f64>) -> Series {
    Series { points: s.points.iter().filter_map(|&(t, v)| f(v).map(|r| (t, r))).collect(), period_secs: s.period_secs }
}

/// Two series combine where both have a point (a point missing on either side is missing).
fn zip_series(a: &Series, b: &Series, op: char) -> Series {
    let right: BTreeMap<Timestamp, f64> = crate::sort::map_of(b.points.iter().copied());
    Series {
        points: a
            .points
            .iter()
            .filter_map(|&(t, x)| right.get(&t).and_then(|&y| apply(op, x, y)).map(|r| (t, r)))
            .collect(),
        period_secs: a.period_secs.max(b.period_secs),
    }
}

fn binary(op: char, a: Val, b: Val) -> Result<Val, String> {
    Ok(match (a, b) {
        (Val::Scalar(x), Val::Scalar(y)) => Val::Scalar(apply(op, x, y).unwrap_or(f64::NAN)),
        (Val::Series(s), Val::Scalar(y)) => Val::Series(map_series(&s, |x| apply(op, x, y))),
        (Val::Scalar(x), Val::Series(s)) => Val::Series(map_series(&s, |y| apply(op, x, y))),
        (Val::Series(a), Val::Series(b)) => Val::Series(zip_series(&a, &b, op)),
        (Val::Array(list), Val::Scalar(y)) => {
            Val::Array(list.iter().map(|s| map_series(s, |x| apply(op, x, y))).collect())
        }
        (Val::Scalar(x), Val::Array(list)) => {
            Val::Array(list.iter().map(|s| map_series(s, |y| apply(op, x, y))).collect())
        }
        (Val::Array(list), Val::Series(b)) => Val::Array(list.iter().map(|s| zip_series(s, &b, op)).collect()),
        (Val::Series(a), Val::Array(list)) => Val::Array(list.iter().map(|s| zip_series(&a, s, op)).collect()),
        (Val::Array(_), Val::Array(_)) => {
            return Err("an operation between two arrays of time series is not supported".into());
        }
    })
}

fn aggregate(name: &str, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(match name {
        "SUM" => values.iter().sum(),
        "AVG" => values.iter().sum::<f64>() / values.len() as f64,
        "MIN" => values.iter().copied().fold(f64::INFINITY, f64::min),
        _ => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

struct Env<'a> {
    series: &'a BTreeMap<String, Series>,
    /// Every MetricStat query's series, in query order: what METRICS() returns.
    metrics: &'a [Series],
}

fn eval(e: &Expr, env: &Env<'_>) -> Result<Val, String> {
    match e {
        Expr::Num(n) => Ok(Val::Scalar(*n)),
        Expr::Ref(id) => {
            env.series.get(id).cloned().map(Val::Series).ok_or_else(|| format!("no query has the id {id}"))
        }
        Expr::Neg(x) => binary('*', Val::Scalar(-1.0), eval(x, env)?),
        Expr::Bin(op, a, b) => binary(*op, eval(a, env)?, eval(b, env)?),
        Expr::Array(items) => {
            let mut list = Vec::new();
            for item in items {
                match eval(item, env)? {
                    Val::Series(s) => list.push(s),
                    Val::Array(more) => list.extend(more),
                    Val::Scalar(_) => return Err("an array holds time series, not numbers".into()),
                }
            }
            Ok(Val::Array(list))
        }
        Expr::Call(name, args) => call(name, args, env),
    }
}

fn call(name: &str, args: &[Expr], env: &Env<'_>) -> Result<Val, String> {
    let one = |env: &Env<'_>| -> Result<Val, String> {
        match args {
            [a] => eval(a, env),
            _ => Err(format!("{name} takes one argument")),
        }
    };
    match name {
        "METRICS" if args.is_empty() => Ok(Val::Array(env.metrics.to_vec())),
        "METRICS" => Err("METRICS takes no argument in this sandbox (no label filter)".into()),
        "ABS" | "CEIL" | "FLOOR" => {
            let f = |x: f64| match name {
                "ABS" => x.abs(),
                "CEIL" => x.ceil(),
                _ => x.floor(),
            };
            Ok(match one(env)? {
                Val::Scalar(x) => Val::Scalar(f(x)),
                Val::Series(s) => Val::Series(map_series(&s, |x| Some(f(x)))),
                Val::Array(list) => Val::Array(list.iter().map(|s| map_series(s, |x| Some(f(x)))).collect()),
            })
        }
        // On an array: one series, the aggregate at each timestamp; on a series: one number.
        "SUM" | "AVG" | "MIN" | "MAX" => Ok(match one(env)? {
            Val::Scalar(x) => Val::Scalar(x),
            Val::Series(s) => {
                let values: Vec<f64> = s.points.iter().map(|p| p.1).collect();
                Val::Scalar(aggregate(name, &values).unwrap_or(f64::NAN))
            }
            Val::Array(list) => {
                let mut at: BTreeMap<Timestamp, Vec<f64>> = BTreeMap::new();
                for s in &list {
                    for &(t, v) in &s.points {
                        at.entry(t).or_default().push(v);
                    }
                }
                let period_secs = list.iter().map(|s| s.period_secs).max().unwrap_or(0);
                Val::Series(Series {
                    points: at.into_iter().filter_map(|(t, v)| aggregate(name, &v).map(|a| (t, a))).collect(),
                    period_secs,
                })
            }
        }),
        // Change from one point to the next, per second (RATE) or absolute (DIFF).
        "RATE" | "DIFF" => {
            let change = |s: &Series| Series {
                points: s
                    .points
                    .windows(2)
                    .filter_map(|w| {
                        let dv = w[1].1 - w[0].1;
                        let dt = w[1].0.since(w[0].0).as_secs_f64();
                        let v = if name == "RATE" { dv / dt } else { dv };
                        finite(v).map(|v| (w[1].0, v))
                    })
                    .collect(),
                period_secs: s.period_secs,
            };
            match one(env)? {
                Val::Series(s) => Ok(Val::Series(change(&s))),
                Val::Array(list) => Ok(Val::Array(list.iter().map(change).collect())),
                Val::Scalar(_) => Err(format!("{name} takes a time series")),
            }
        }
        "PERIOD" => match one(env)? {
            Val::Series(s) => Ok(Val::Scalar(f64::from(s.period_secs))),
            _ => Err("PERIOD takes one time series".into()),
        },
        other => Err(format!("unknown function {other}")),
    }
}

/// Evaluates `text` over the series of the other queries; the result must be one series.
pub fn evaluate(text: &str, series: &BTreeMap<String, Series>, metrics: &[Series]) -> Result<Series, String> {
    let e = parse(text)?;
    match eval(&e, &Env { series, metrics })? {
        Val::Series(s) => Ok(s),
        Val::Scalar(_) => Err("the expression gives a single number, not a time series".into()),
        Val::Array(_) => Err("the expression gives several time series; combine them with SUM, AVG, MIN or MAX".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(points: &[(u64, f64)]) -> Series {
        Series { points: points.iter().map(|&(t, v)| (Timestamp(t * 60_000), v)).collect(), period_secs: 60 }
    }

    #[test]
    fn arithmetic_follows_precedence_and_aligns_series() {
        let mut env = BTreeMap::new();
        env.insert("m1".to_string(), s(&[(0, 1.0), (1, 2.0), (2, 3.0)]));
        env.insert("m2".to_string(), s(&[(1, 10.0), (2, 20.0)]));
        let metrics: Vec<Series> = env.values().cloned().collect();
        let r = evaluate("m1 + m2 * 2", &env, &metrics).unwrap();
        assert_eq!(r.points, s(&[(1, 22.0), (2, 43.0)]).points);
        let r = evaluate("-(m1 - 1) ^ 2 / 2", &env, &metrics).unwrap();
        assert_eq!(r.points.iter().map(|p| p.1).collect::<Vec<_>>(), vec![-0.0, -0.5, -2.0]);
        let r = evaluate("SUM(METRICS())", &env, &metrics).unwrap();
        assert_eq!(r.points, s(&[(0, 1.0), (1, 12.0), (2, 23.0)]).points);
        let r = evaluate("m1 / PERIOD(m1)", &env, &metrics).unwrap();
        assert_eq!(r.points[2].1, 0.05);
        let r = evaluate("RATE(m2)", &env, &metrics).unwrap();
        assert_eq!(r.points, vec![(Timestamp(120_000), 10.0 / 60.0)]);
        let r = evaluate("MAX([m1, m2 / 10])", &env, &metrics).unwrap();
        assert_eq!(r.points.iter().map(|p| p.1).collect::<Vec<_>>(), vec![1.0, 2.0, 3.0]);
        // Division by zero leaves the point out rather than inventing one.
        assert_eq!(evaluate("m1 / 0", &env, &metrics).unwrap().points, vec![]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_expression_is_a_result_never_a_panic(text in "[ m12A-Z()\\[\\],+*/^.0-9-]{0,80}") {
            let mut env = BTreeMap::new();
            env.insert("m1".to_string(), s(&[(0, 1.0), (1, 0.0)]));
            env.insert("m2".to_string(), s(&[(1, 3.0)]));
            let metrics: Vec<Series> = env.values().cloned().collect();
            let _ = evaluate(&text, &env, &metrics);
            let _ = references(&text);
        }
    }

    #[test]
    fn bad_expressions_are_errors_not_panics() {
        let env = BTreeMap::new();
        for bad in ["", "m1 +", "(m1", "m1)", "FOO(m1)", "m9", "1 + 2", "METRICS()", "[1]", "m1 $ 2", "1..2"] {
            assert!(evaluate(bad, &env, &[]).is_err(), "{bad}");
        }
        let deep = format!("{}m1{}", "(".repeat(500), ")".repeat(500));
        assert!(evaluate(&deep, &env, &[]).unwrap_err().contains("nested"));
        assert!(evaluate(&"-".repeat(3000), &env, &[]).is_err());
    }
}
