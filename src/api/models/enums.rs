//! String enums that survive API growth: every enum keeps values it does not know
//! in an `Unknown(Shared)` variant instead of failing the whole response.

/// Defines a string enum with `as_str`, `Display`, `From<&str>`, `Serialize` and
/// `Deserialize`. Known variants map to their exact API spelling; anything else is
/// kept verbatim in `Unknown`, so a new API value never breaks parsing and is sent
/// back unchanged.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $api:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of scwdash does not know, kept as sent
            /// (interned: a [`Shared`](super::shared::Shared) is one pointer,
            /// so the enum takes 16 bytes, not the 24 of a `String`).
            Unknown($crate::api::models::Shared),
        }

        impl $name {
            /// Every known variant, in declaration order (for pickers and tests).
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The exact string the API uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $api, )+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// Whether this value is one the API documents (not `Unknown`).
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $api => $name::$variant, )+
                    other => $name::Unknown(other.into()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name::from(s.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // From the borrowed text: no `String` for a known value.
                deserializer.deserialize_str($crate::api::models::enums::EnumText(std::marker::PhantomData))
            }
        }
    };
}

pub(crate) use string_enum;

/// Reads a string enum from the text as the parser holds it.
pub(crate) struct EnumText<T>(pub(crate) std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for EnumText<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }
}

/// Deserialises `null` as the type's default, for fields the API sometimes sends
/// as `null` instead of an empty list or `false`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    let value = <Option<T> as serde::Deserialize>::deserialize(deserializer)?;
    Ok(value.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use crate::api::models::{RuleProtocol, ServerState, VolumeStatus};

    #[test]
    fn known_values_parse_to_their_variant_and_back() {
        for state in ServerState::KNOWN {
            let json = serde_json::to_string(state).expect("serialise");
            let back: ServerState = serde_json::from_str(&json).expect("parse");
            assert_eq!(&back, state);
            assert!(back.is_known());
        }
        assert_eq!(ServerState::KNOWN.len(), 6);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let parsed: VolumeStatus = serde_json::from_str(r#""migrating""#).expect("parse");
        assert_eq!(parsed, VolumeStatus::Unknown("migrating".into()));
        assert!(!parsed.is_known());
        assert_eq!(parsed.as_str(), "migrating");
        assert_eq!(parsed.to_string(), "migrating");
        assert_eq!(
            serde_json::to_string(&parsed).expect("json"),
            r#""migrating""#
        );
    }

    #[test]
    fn matching_is_exact_and_case_sensitive() {
        assert_eq!(RuleProtocol::from("TCP"), RuleProtocol::Tcp);
        assert_eq!(
            RuleProtocol::from("tcp"),
            RuleProtocol::Unknown("tcp".into())
        );
        assert_eq!("UDP".parse::<RuleProtocol>(), Ok(RuleProtocol::Udp));
        assert_eq!(RuleProtocol::from(String::from("ICMP")), RuleProtocol::Icmp);
    }

    #[test]
    fn non_string_values_are_rejected() {
        assert!(serde_json::from_str::<ServerState>("42").is_err());
        assert!(serde_json::from_str::<ServerState>("null").is_err());
    }
}
