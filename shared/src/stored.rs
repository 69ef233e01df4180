//! The storage boundary: values kept in text columns (status, kinds, codes, dates, JSON)
//! declared once with their stored form, read back strictly. A value that does not decode is
//! an error of the row being read — never a default standing in for it.
//!
//! With the `sqlx` feature (the server) these types decode and encode themselves for both
//! backends through sqlx's `Any` driver; the browser gets the same names through serde.

/// Declares an enum kept by name in a text column and on the wire: `ALL`, `as_str`, `parse`,
/// serde by the stored name, and (server) sqlx `Type`/`Encode`/`Decode`. The derives are the
/// caller's; the stored names are written next to the variants so a rename of a variant can
/// never change what is in the database.
macro_rules! stored_enum {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $variant:ident = $stored:literal),+ $(,)? }) => {
        $(#[$m])*
        $vis enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: [$name; [$($stored),+].len()] = [$($name::$variant),+];
            /// Every stored name, in the order of `ALL`.
            pub const NAMES: [&'static str; [$($stored),+].len()] = [$($stored),+];

            /// The stable name stored in the database and sent over the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($stored => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::stored::Named for $name {
            const TYPE: &'static str = stringify!($name);
            fn parse(s: &str) -> Option<$name> {
                $name::parse(s)
            }
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                $crate::stored::name_index(d, &$name::NAMES).map(|i| $name::ALL[i])
            }
        }

        #[cfg(feature = "sqlx")]
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <str as sqlx::Type<sqlx::Any>>::type_info()
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(&self, buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                let name: &'q str = self.as_str();
                <&str as sqlx::Encode<'q, sqlx::Any>>::encode(name, buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<$name, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                $name::parse(&text).ok_or_else(|| $crate::stored::unknown(stringify!($name), &text))
            }
        }
    };
}
pub(crate) use stored_enum;

/// What `stored_enum!` declares, for the generic column types below.
pub trait Named: Copy + 'static {
    const TYPE: &'static str;
    fn parse(s: &str) -> Option<Self>;
    fn as_str(self) -> &'static str;
}

/// A comma-joined list of stored names in one column (`"work,overtime"`, or what a query's
/// `GROUP_CONCAT` / `string_agg` returns; NULL and `""` are the empty list). Every name must be
/// known: one unknown name fails the row, it is not dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Joined<T>(pub Vec<T>);

impl<T: Named> Joined<T> {
    pub fn parse(joined: &str) -> Result<Joined<T>, String> {
        let names = joined.split(',').map(str::trim).filter(|s| !s.is_empty());
        names.map(|s| T::parse(s).ok_or_else(|| s.chars().take(32).collect())).collect::<Result<_, _>>().map(Joined)
    }

    pub fn to_text(&self) -> String {
        self.0.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// Serde's half of `stored_enum!`: the position of the name read in `names` (one visitor for
/// every enum, so the browser bundle carries it once).
pub fn name_index<'de, D: serde::Deserializer<'de>>(d: D, names: &'static [&'static str]) -> Result<usize, D::Error> {
    struct Names(&'static [&'static str]);
    impl serde::de::Visitor<'_> for Names {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "one of {:?}", self.0)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<usize, E> {
            self.0.iter().position(|n| *n == s).ok_or_else(|| E::unknown_variant(s, self.0))
        }
    }
    d.deserialize_str(Names(names))
}

/// The error of a stored name that is not one of its type's: the type and (shortened) what was
/// found. Enum columns hold names, never personal data, so the value may be logged.
#[cfg(feature = "sqlx")]
pub fn unknown(type_name: &str, found: &str) -> sqlx::error::BoxDynError {
    let shown: String = found.chars().take(32).collect();
    format!("{type_name} has no stored name {shown:?}").into()
}

/// A JSON column read and written as its type. Reading is strict: a value that does not
/// decode (malformed, a missing or unknown field, a wrong type) is an error naming the sort of
/// fault only — serde's message would quote stored text, which stays out of logs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

#[cfg(feature = "sqlx")]
mod sql {
    use super::Json;
    use crate::format::Date;
    use sqlx::any::{AnyTypeInfo, AnyValueRef};
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::{Any, Database, Decode, Encode, Type};

    type AnyArgumentBuffer<'q> = <Any as Database>::ArgumentBuffer<'q>;

    fn text_type() -> AnyTypeInfo {
        <str as Type<Any>>::type_info()
    }

    impl<T> Type<Any> for Json<T> {
        fn type_info() -> AnyTypeInfo {
            text_type()
        }
    }

    impl<'q, T: serde::Serialize> Encode<'q, Any> for Json<T> {
        fn encode_by_ref(&self, buf: &mut AnyArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
            let text = serde_json::to_string(&self.0)?;
            <String as Encode<'q, Any>>::encode(text, buf)
        }
    }

    impl<'r, T: serde::de::DeserializeOwned> Decode<'r, Any> for Json<T> {
        fn decode(value: AnyValueRef<'r>) -> Result<Json<T>, BoxDynError> {
            let text = <String as Decode<'r, Any>>::decode(value)?;
            serde_json::from_str(&text)
                .map(Json)
                .map_err(|e| format!("{} does not read back ({:?})", std::any::type_name::<T>(), e.classify()).into())
        }
    }

    impl<T> Type<Any> for super::Joined<T> {
        fn type_info() -> AnyTypeInfo {
            text_type()
        }
    }

    impl<'q, T: super::Named> Encode<'q, Any> for super::Joined<T> {
        fn encode_by_ref(&self, buf: &mut AnyArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
            <String as Encode<'q, Any>>::encode(self.to_text(), buf)
        }
    }

    impl<'r, T: super::Named> Decode<'r, Any> for super::Joined<T> {
        fn decode(value: AnyValueRef<'r>) -> Result<super::Joined<T>, BoxDynError> {
            let text = <Option<String> as Decode<'r, Any>>::decode(value)?.unwrap_or_default();
            super::Joined::parse(&text).map_err(|s| super::unknown(T::TYPE, &s))
        }
    }

    /// A person's language as stored (`en`, `ko`, `ru`): exactly a code, not a tag to guess from.
    impl Type<Any> for crate::Locale {
        fn type_info() -> AnyTypeInfo {
            text_type()
        }
    }

    impl<'q> Encode<'q, Any> for crate::Locale {
        fn encode_by_ref(&self, buf: &mut AnyArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
            let code: &'q str = self.code();
            <&str as Encode<'q, Any>>::encode(code, buf)
        }
    }

    impl<'r> Decode<'r, Any> for crate::Locale {
        fn decode(value: AnyValueRef<'r>) -> Result<crate::Locale, BoxDynError> {
            let text = <String as Decode<'r, Any>>::decode(value)?;
            crate::Locale::ALL.into_iter().find(|l| l.code() == text).ok_or_else(|| super::unknown("Locale", &text))
        }
    }

    /// Dates are stored as `YYYY-MM-DD` text on both backends.
    impl Type<Any> for Date {
        fn type_info() -> AnyTypeInfo {
            text_type()
        }
    }

    impl<'q> Encode<'q, Any> for Date {
        fn encode_by_ref(&self, buf: &mut AnyArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
            <String as Encode<'q, Any>>::encode(self.iso(), buf)
        }
    }

    impl<'r> Decode<'r, Any> for Date {
        fn decode(value: AnyValueRef<'r>) -> Result<Date, BoxDynError> {
            let text = <String as Decode<'r, Any>>::decode(value)?;
            Date::parse_iso(&text).ok_or_else(|| super::unknown("Date", &text))
        }
    }
}

#[cfg(test)]
mod tests {
    stored_enum! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Light { Red = "red", AmberBlink = "amber_blink" }
    }

    #[test]
    fn names_round_trip_and_strangers_are_refused() {
        for light in Light::ALL {
            assert_eq!(Light::parse(light.as_str()), Some(light));
            let wire = serde_json::to_string(&light).unwrap();
            assert_eq!(serde_json::from_str::<Light>(&wire).unwrap(), light);
        }
        assert_eq!(serde_json::to_string(&Light::AmberBlink).unwrap(), "\"amber_blink\"");
        assert_eq!(Light::parse("Red"), None);
        let err = serde_json::from_str::<Light>("\"green\"").unwrap_err().to_string();
        assert!(err.contains("unknown variant `green`") && err.contains("amber_blink"), "{err}");
        assert!(serde_json::from_str::<Light>("3").is_err());
    }

    #[test]
    fn joined_lists_keep_every_name_or_fail() {
        use super::Joined;
        assert_eq!(Joined::<Light>::parse(" red,amber_blink ").unwrap().0, vec![Light::Red, Light::AmberBlink]);
        assert!(Joined::<Light>::parse("").unwrap().0.is_empty());
        assert_eq!(Joined::<Light>::parse("red,green"), Err("green".to_string()), "an unknown name fails the list");
        assert_eq!(Joined(vec![Light::Red, Light::AmberBlink]).to_text(), "red,amber_blink");
    }
}
