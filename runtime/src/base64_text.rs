//! [`Base64`]: bytes that travel in JSON as base64 text (`format: byte`).

use std::ops::Deref;

use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{
    GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ParamValue;

/// Bytes sent and received as base64 text, for the spec's `byte` type.
///
/// Sent in the standard alphabet with padding (RFC 4648 §4), as OpenAPI's
/// `format: byte` says; read in either the standard or the URL-safe
/// alphabet, with or without padding, because servers differ.
///
/// ```
/// let avatar = sdkgen_runtime::Base64::from(b"hi!".to_vec());
/// assert_eq!(serde_json::to_string(&avatar).unwrap(), r#""aGkh""#);
/// assert_eq!(&*avatar, b"hi!");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Base64(pub Vec<u8>);

/// Padding may be present or not when reading.
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);

impl Base64 {
    /// The bytes, by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The base64 text, as it is sent.
    pub fn encoded(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Reads base64 text in the standard or URL-safe alphabet, padded or not.
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        let standard = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
        standard
            .decode(text)
            .or_else(|_| GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT).decode(text))
            .map(Base64)
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64(bytes.to_vec())
    }
}

impl Deref for Base64 {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encoded())
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Base64::decode(&text)
            .map_err(|e| serde::de::Error::custom(format_args!("invalid base64: {e}")))
    }
}

/// In a URL the URL-safe alphabet is used, without padding, so the text
/// needs no escaping beyond what every value gets.
impl ParamValue for Base64 {
    fn push_wire(&self, out: &mut Vec<String>) {
        out.push(URL_SAFE_NO_PAD.encode(&self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_standard_and_padded_read_in_any_alphabet() {
        let bytes = Base64(vec![0xfb, 0xff, 0x01]);
        assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""+/8B""#);
        for text in [r#""+/8B""#, r#""-_8B""#] {
            assert_eq!(serde_json::from_str::<Base64>(text).unwrap(), bytes);
        }
        assert_eq!(serde_json::from_str::<Base64>(r#""aGk""#).unwrap().0, b"hi");
        assert_eq!(
            serde_json::from_str::<Base64>(r#""aGk=""#).unwrap().0,
            b"hi"
        );
    }

    #[test]
    fn text_that_is_not_base64_is_an_error() {
        let err = serde_json::from_str::<Base64>(r#""not base64!""#)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid base64"), "{err}");
    }
}
