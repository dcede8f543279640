//! Closed sets of exact ASCII names (statuses, actors, question keys, ...).
//!
//! The spec fixes every such name character for character and the database CHECK constraints list them,
//! so each set is an enum whose text form is written once, next to its variant, and is the only form
//! used by `Display`, `FromStr` and serde.

use std::fmt;

/// A text that is not one of the names of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`; expected one of: {expected}")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

impl UnknownName {
    pub(crate) fn new(what: &'static str, value: &str, names: &[&str]) -> Self {
        Self {
            what,
            value: value.to_owned(),
            expected: names.join(", "),
        }
    }
}

/// Serde visitor shared by every closed set: accepts a string and parses it with `FromStr`.
pub(crate) struct NameVisitor<T>(pub(crate) std::marker::PhantomData<T>);

impl<T> serde::de::Visitor<'_> for NameVisitor<T>
where
    T: std::str::FromStr<Err = UnknownName>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an exact name")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        value.parse().map_err(E::custom)
    }
}

/// Declares a closed set of exact names:
///
/// ```text
/// string_enum! {
///     /// Who caused a transition.
///     pub enum Actor as "actor" { Client = "client", Artist = "artist" }
/// }
/// ```
///
/// generates the enum, `ALL` (declaration order), `as_str`, `Display`, `FromStr` (exact, case-sensitive)
/// and serde as the plain string.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $what:literal {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The exact name, as stored and as written in the spec.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::model::UnknownName;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::model::UnknownName::new($what, text, &[$($text),+])),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::model::string_enum::NameVisitor(
                    ::std::marker::PhantomData,
                ))
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    string_enum! {
        enum Colour as "colour" { Red = "RED", DarkBlue = "dark_blue" }
    }

    #[test]
    fn names_round_trip_through_text_and_serde() {
        for colour in Colour::ALL {
            assert_eq!(colour.as_str().parse::<Colour>(), Ok(*colour));
            let json = serde_json::to_string(colour).unwrap();
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), *colour);
        }
        assert_eq!(
            serde_json::to_string(&Colour::DarkBlue).unwrap(),
            "\"dark_blue\""
        );
    }

    #[test]
    fn unknown_and_wrongly_cased_names_are_rejected_with_the_expected_list() {
        let error = "red".parse::<Colour>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown colour `red`; expected one of: RED, dark_blue"
        );
        assert!(serde_json::from_str::<Colour>("\"GREEN\"").is_err());
    }

    #[test]
    fn names_work_as_json_map_keys() {
        let map = std::collections::BTreeMap::from([(Colour::Red, 1)]);
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(json, r#"{"RED":1}"#);
        let back: std::collections::BTreeMap<Colour, i32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, map);
    }
}
