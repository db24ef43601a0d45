//! Reads a property the spec marks `x-same-as` (another spelling of a field's fact) into that
//! field: the generated `Deserialize` of such a type calls [`text`] and [`read`] where the other spelling
//! is a list and the field one string (`xtask/src/generate/same_as.rs`).

use std::fmt;

use serde::de::{Deserialize, Deserializer, IntoDeserializer, SeqAccess, Visitor};

/// The text of a property the spec marks `x-same-as` a string field: a string as it is, a list
/// of strings joined with spaces (a user token's `scopes: ["global:read", "purge_select"]` is
/// `"global:read purge_select"`), `null` as absent. Anything else is an error. Kept as text
/// and read as the field's type by [`read`] only when the field's own name gave nothing.
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct Text;

    impl<'de> Visitor<'de> for Text {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a list of strings or null")
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Option<String>, E> {
            Ok(Some(text.to_string()))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
            // One allocation for the usual list (a scope or two): growing from empty would
            // take three.
            let mut text = String::with_capacity(32);
            while let Some(item) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&item);
            }
            Ok(Some(text))
        }
    }

    deserializer.deserialize_any(Text)
}

/// The field's value from the [`text`] of its other spelling, read as the field's type.
pub(crate) fn read<'de, T: Deserialize<'de>, E: serde::de::Error>(
    text: Option<String>,
) -> Result<Option<T>, E> {
    text.map(|text| T::deserialize(IntoDeserializer::<E>::into_deserializer(text)))
        .transpose()
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug)]
    struct Field {
        #[serde(default, deserialize_with = "super::text")]
        scope: Option<String>,
    }

    fn read(json: &str) -> Result<Option<String>, serde_json::Error> {
        let text = serde_json::from_str::<Field>(json)?.scope;
        super::read::<String, serde_json::Error>(text)
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
