//! Reads a property the spec marks `x-same-as` (another spelling of a field's fact) into that
//! field: the generated `Deserialize` of such a type calls [`joined`] where the other spelling
//! is a list and the field one string (`xtask/src/generate/same_as.rs`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, IntoDeserializer, SeqAccess, Visitor};

/// A string field's value from a list of strings, joined with spaces (a user token's `scopes:
/// ["global:read", "purge_select"]` read as `scope: "global:read purge_select"`); a string is
/// read as it is, `null` as absent. Anything else is the field type's error.
pub(crate) fn joined<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Joined<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Joined<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a list of strings or null")
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Option<T>, E> {
            T::deserialize(text.into_deserializer()).map(Some)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
            let mut text = String::new();
            while let Some(item) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&item);
            }
            T::deserialize(text.into_deserializer()).map(Some)
        }
    }

    deserializer.deserialize_any(Joined(PhantomData))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug)]
    struct Field {
        #[serde(default, deserialize_with = "super::joined")]
        scope: Option<String>,
    }

    fn read(json: &str) -> Result<Option<String>, serde_json::Error> {
        serde_json::from_str::<Field>(json).map(|f| f.scope)
    }

    #[test]
    fn a_list_is_joined_and_a_string_kept() {
        assert_eq!(
            read(r#"{"scope": ["global:read", "purge_select"]}"#).unwrap(),
            Some("global:read purge_select".to_string())
        );
        assert_eq!(
            read(r#"{"scope": "global"}"#).unwrap(),
            Some("global".into())
        );
        assert_eq!(read(r#"{"scope": []}"#).unwrap(), Some(String::new()));
        assert_eq!(read(r#"{"scope": null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
    }

    #[test]
    fn anything_else_is_an_error() {
        assert!(read(r#"{"scope": [1, 2]}"#).is_err());
        assert!(read(r#"{"scope": 7}"#).is_err());
        assert!(read(r#"{"scope": {"a": "b"}}"#).is_err());
    }
}
