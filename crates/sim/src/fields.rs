//! The member names a request type accepts, read from its `Deserialize` implementation.
//!
//! A service's request structs are botocore's input shapes, and a member the sandbox does not
//! model is simply absent from its struct. The CLI asks which members an operation takes, so
//! that help, completion and the parser offer exactly those and name the rest plainly as not
//! modelled; asking serde keeps that list from being written twice. serde hands a struct's
//! field names (as serialized, after `rename_all`) to `Deserializer::deserialize_struct`; the
//! probe below records them and stops.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

struct Probe<'a>(&'a mut Option<&'static [&'static str]>);

fn stop() -> de::value::Error {
    de::Error::custom("field probe")
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(stop())
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(stop())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The serialized names of a struct's fields, in declaration order; empty for a type that is
/// not a struct.
pub fn struct_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut found = None;
    let _ = T::deserialize(Probe(&mut found));
    found.unwrap_or(&[])
}

/// A service's `Request` enum, one operation per line: each variant holds the request struct
/// named after the operation, and `Request::members` reads its members from serde.
macro_rules! operations {
    ($(#[$doc:meta])* $($op:ident),* $(,)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
                    $(stringify!($op) => Some($crate::fields::struct_fields::<$op>()),)*
                    _ => None,
                }
            }
        }
    };
}

pub(crate) use operations;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    struct Example {
        role_name: String,
        #[serde(rename = "AWSServiceName")]
        service: Option<String>,
    }

    #[test]
    fn reads_renamed_fields_in_order() {
        assert_eq!(struct_fields::<Example>(), ["RoleName", "AWSServiceName"]);
        assert!(struct_fields::<String>().is_empty());
    }
}
