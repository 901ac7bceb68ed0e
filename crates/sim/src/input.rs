//! Request types in botocore's input shapes, read from and written to the input document (the
//! shape as JSON) that the model-driven CLI builds and prints.
//!
//! A service's request structs are botocore's input shapes, and a member the sandbox does not
//! model is simply absent from its struct. [`shape!`] declares such a struct with its members'
//! wire names once: it gives the struct, its member list (the CLI's help, completion and
//! parser offer exactly those and name the rest plainly as not modelled), and its reading and
//! writing. Each member reads through its type's [`Member`] implementation, shared by every
//! struct; serde's derived `Deserialize` would instead compile a visitor per struct, which in
//! the page cost about 0.9 KB for a one-member struct (measured by function in the wasm's
//! name section), and the sandbox will have some 150 operations.

use serde_json::{Map, Value};

use crate::time::Timestamp;

/// A member of an input shape: how its type reads from the document and writes to it. Its
/// default stands in for a member that did not read, while the struct reads on to the end:
/// one exit, not one per member with its own clean-up code (which in the page grew with the
/// square of a struct's member count).
pub trait Member: Sized + Default {
    /// The member's value; `at` names the member in messages.
    fn read(v: Value, at: &str) -> Result<Self, String>;
    /// The member as the document has it; `None` leaves it out.
    fn write(&self) -> Option<Value>;
    /// A member the document leaves out: an error unless the member is optional.
    fn absent(at: &str) -> Result<Self, String> {
        Err(format!("missing member {at}"))
    }
}

fn wrong(at: &str, want: &str, v: &Value) -> String {
    format!("{at}: expected {want}, found {v}")
}

impl Member for String {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(wrong(at, "a string", &other)),
        }
    }
    fn write(&self) -> Option<Value> {
        Some(Value::String(self.clone()))
    }
}

impl Member for bool {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        v.as_bool().ok_or_else(|| wrong(at, "a boolean", &v))
    }
    fn write(&self) -> Option<Value> {
        Some(Value::Bool(*self))
    }
}

/// botocore's `integer` and `long` shapes.
impl Member for i64 {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        v.as_i64().ok_or_else(|| wrong(at, "an integer", &v))
    }
    fn write(&self) -> Option<Value> {
        Some(Value::from(*self))
    }
}

/// botocore's `double` and `float` shapes (an integer is a double too).
impl Member for f64 {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        v.as_f64().ok_or_else(|| wrong(at, "a number", &v))
    }
    fn write(&self) -> Option<Value> {
        serde_json::Number::from_f64(*self).map(Value::Number)
    }
}

/// botocore's `timestamp` shape: ISO 8601 text or seconds since the epoch, as the AWS CLI takes
/// it ([`crate::time::parse`]); written as ISO 8601 in UTC, with milliseconds when it has any.
impl Member for Timestamp {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        let parsed = match &v {
            Value::String(s) => crate::time::parse(s),
            Value::Number(n) => n.as_f64().and_then(|f| crate::time::parse(&f.to_string())),
            _ => None,
        };
        parsed.ok_or_else(|| wrong(at, "a timestamp", &v))
    }
    fn write(&self) -> Option<Value> {
        let (y, mo, d, h, mi, s, ms) = self.civil();
        let fraction = if ms == 0 { String::new() } else { format!(".{ms:03}") };
        Some(Value::String(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}Z")))
    }
}

/// An optional member: absent, or `null`, is `None`.
impl<T: Member> Member for Option<T> {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::read(v, at).map(Some),
        }
    }
    fn write(&self) -> Option<Value> {
        self.as_ref().and_then(T::write)
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(None)
    }
}

/// A list shape. (Loops rather than iterator adapters: a `collect` into a `Result` brings an
/// adapter of its own into the page for every item type.)
impl<T: Member> Member for Vec<T> {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        let Value::Array(items) = v else { return Err(wrong(at, "a list", &v)) };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(T::read(item, at)?);
        }
        Ok(out)
    }
    fn write(&self) -> Option<Value> {
        let mut out = Vec::with_capacity(self.len());
        for item in self {
            out.extend(item.write());
        }
        Some(Value::Array(out))
    }
}

/// botocore's `blob` shape: bytes, which the input document holds in base64 (as the AWS CLI
/// v2 takes a blob parameter on the command line, `cli_binary_format` base64).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blob(pub Vec<u8>);

impl Member for Blob {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        match &v {
            Value::String(s) => crate::crypto::unbase64(s).map(Blob).ok_or_else(|| wrong(at, "base64", &v)),
            _ => Err(wrong(at, "base64 text", &v)),
        }
    }
    fn write(&self) -> Option<Value> {
        Some(Value::String(crate::crypto::base64(&self.0)))
    }
}

/// A map shape of strings to strings (TopicAttributesMap, …), in the order given. A vector of
/// pairs rather than a `BTreeMap`: a map is a handful of entries, and a `BTreeMap` of its own
/// type brings its insertion and sorting code into the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringMap(pub Vec<(String, String)>);

impl StringMap {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

impl Member for StringMap {
    fn read(v: Value, at: &str) -> Result<Self, String> {
        match v {
            Value::Object(map) => {
                let mut out = Vec::with_capacity(map.len());
                for (k, v) in map {
                    out.push((k, String::read(v, at)?));
                }
                Ok(StringMap(out))
            }
            other => Err(wrong(at, "a map", &other)),
        }
    }
    fn write(&self) -> Option<Value> {
        Some(Value::Object(self.0.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()))
    }
}

impl FromIterator<(String, String)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        StringMap(iter.into_iter().collect())
    }
}

/// A structure shape declared with [`shape!`].
pub trait Shape: Sized {
    /// The members the sandbox takes, by wire name, in the shape's order.
    const MEMBERS: &'static [&'static str];
    /// `at` names the structure in messages.
    fn read_map(map: Map<String, Value>, at: &str) -> Result<Self, String>;
    fn write_map(&self) -> Map<String, Value>;
}

/// Reads a structure: each member by its type, then anything left over is refused (a member
/// the sandbox does not model reaches no handler unnoticed).
pub fn read_struct<T: Shape>(v: Value, at: &str) -> Result<T, String> {
    T::read_map(object(v, at)?, at)
}

/// A structure's members, for a type that reads them by hand.
pub fn object(v: Value, at: &str) -> Result<Map<String, Value>, String> {
    match v {
        Value::Object(map) => Ok(map),
        other => Err(wrong(at, "a structure", &other)),
    }
}

/// The member `key` of a document, read by its type; a member that does not read leaves its
/// default and the first such error in `err`.
pub fn take<T: Member>(map: &mut Map<String, Value>, key: &str, err: &mut Option<String>) -> T {
    let read = match map.remove(key) {
        Some(v) => T::read(v, key),
        None => T::absent(key),
    };
    read.unwrap_or_else(|e| {
        err.get_or_insert(e);
        T::default()
    })
}

/// A structure of two optional members, for a type that keeps its own form (EC2's Tag,
/// Filter, TagSpecification): both read with one exit, anything else refused.
pub fn read_pair<A: Member, B: Member>(v: Value, at: &str, keys: [&str; 2]) -> Result<(A, B), String> {
    let mut map = object(v, at)?;
    let mut err = None;
    let a = take(&mut map, keys[0], &mut err);
    let b = take(&mut map, keys[1], &mut err);
    match err {
        Some(e) => Err(e),
        None => rest(&map, at).map(|()| (a, b)),
    }
}

/// The inverse of [`read_pair`].
pub fn write_pair(keys: [&str; 2], a: Option<Value>, b: Option<Value>) -> Option<Value> {
    let mut map = Map::new();
    put(&mut map, keys[0], a);
    put(&mut map, keys[1], b);
    Some(Value::Object(map))
}

/// Writes a member that is present; one call per member, the map's insertion not repeated
/// in every struct's writing.
#[inline(never)]
pub fn put(map: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        map.insert(key.to_string(), v);
    }
}

/// What is left of a document once its members are read: nothing, or the first unknown one.
/// The message names the member by its structure (`unknown member Placement.GroupName`).
pub fn rest(map: &Map<String, Value>, at: &str) -> Result<(), String> {
    map.keys().next().map_or(Ok(()), |k| Err(format!("unknown member {at}.{k}")))
}

/// Declares a structure of an input shape: `"WireName" field: Type` per member, in the shape's
/// order. The struct gets its members' list, reading and writing ([`Shape`], [`Member`]);
/// further derives (serde, for a shape a service also keeps or returns) come as attributes.
macro_rules! shape {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* $key:literal $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name { $($(#[$fm])* pub $field: $ty,)* }

        impl $crate::input::Shape for $name {
            const MEMBERS: &'static [&'static str] = &[$($key),*];
            #[allow(unused_mut, unused_variables)]
            fn read_map(mut map: serde_json::Map<String, serde_json::Value>, at: &str) -> Result<Self, String> {
                let mut err = None;
                let s = $name { $($field: $crate::input::take(&mut map, $key, &mut err),)* };
                match err {
                    Some(e) => Err(e),
                    None => $crate::input::rest(&map, at).map(|()| s),
                }
            }
            fn write_map(&self) -> serde_json::Map<String, serde_json::Value> {
                #[allow(unused_mut)]
                let mut map = serde_json::Map::new();
                $($crate::input::put(&mut map, $key, $crate::input::Member::write(&self.$field));)*
                map
            }
        }

        impl $crate::input::Member for $name {
            fn read(v: serde_json::Value, at: &str) -> Result<Self, String> {
                $crate::input::read_struct(v, at)
            }
            fn write(&self) -> Option<serde_json::Value> {
                Some(serde_json::Value::Object($crate::input::Shape::write_map(self)))
            }
        }
    };
}

/// A service's `Request` enum, one operation per line: each variant holds the request struct
/// named after the operation (declared with [`shape!`]).
macro_rules! operations {
    ($(#[$doc:meta])* $($op:ident),* $(,)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum Request { $($op($op)),* }

        impl Request {
            /// The operations the service serves in the sandbox, by botocore name.
            pub const OPERATIONS: &'static [&'static str] = &[$(stringify!($op)),*];

            pub fn operation(&self) -> &'static str {
                match self { $(Request::$op(_) => stringify!($op)),* }
            }

            /// The input members the sandbox takes for an operation, in the shape's order.
            pub fn members(operation: &str) -> Option<&'static [&'static str]> {
                match operation {
                    $(stringify!($op) => Some(<$op as $crate::input::Shape>::MEMBERS),)*
                    _ => None,
                }
            }

            /// The request of an operation from its input document (botocore's input shape
            /// as JSON); the message says what does not fit.
            pub fn from_input(operation: &str, input: serde_json::Value) -> Result<Request, String> {
                match operation {
                    $(stringify!($op) => $crate::input::read_struct::<$op>(input, operation).map(Request::$op),)*
                    _ => Err(format!("{operation} is not an operation of this service")),
                }
            }

            /// The request's input document: the inverse of [`Request::from_input`].
            pub fn to_input(&self) -> serde_json::Value {
                match self {
                    $(Request::$op(r) => serde_json::Value::Object($crate::input::Shape::write_map(r)),)*
                }
            }
        }
    };
}

pub(crate) use {operations, shape};

#[cfg(test)]
mod tests {
    use super::*;

    shape! {
        pub struct Example {
            "RoleName" role_name: String,
            "AWSServiceName" service: Option<String>,
            "Tags" tags: Option<Vec<Pair>>,
            "Count" count: Option<i64>,
        }
    }

    shape! {
        pub struct Pair {
            "Key" key: String,
            "Value" value: String,
        }
    }

    #[test]
    fn members_in_order_and_documents_both_ways() {
        assert_eq!(Example::MEMBERS, ["RoleName", "AWSServiceName", "Tags", "Count"]);
        let doc = serde_json::json!({"RoleName": "r", "Tags": [{"Key": "k", "Value": "v"}], "Count": 3});
        let e: Example = read_struct(doc.clone(), "input").unwrap();
        assert_eq!(e.service, None);
        assert_eq!(e.tags.as_ref().map(|t| t[0].value.as_str()), Some("v"));
        assert_eq!(Value::Object(e.write_map()), doc);
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let read = |v: Value| read_struct::<Example>(v, "input").unwrap_err();
        assert_eq!(read(serde_json::json!({})), "missing member RoleName");
        assert_eq!(read(serde_json::json!({"RoleName": "r", "Path": "/"})), "unknown member input.Path");
        assert_eq!(read(serde_json::json!({"RoleName": 5})), "RoleName: expected a string, found 5");
        assert_eq!(read(serde_json::json!({"RoleName": "r", "Tags": [{"Key": "k"}]})), "missing member Value");
        assert_eq!(read(serde_json::json!([])), "input: expected a structure, found []");
    }
}
