//! Each language's catalog of messages for the browser (`shared::i18n::catalog`) as a file of
//! its own, cached for good: pages name it instead of carrying it, so only a first visit
//! fetches it. Its address holds a hash of every language's texts, so a server with other texts
//! names other addresses and a browser never keeps a stale one. Compressed once per process, at
//! the first request for it, brotli at its densest and gzip (browsers send `br` over HTTPS only).
use sha2::{Digest, Sha256};
use shared::{i18n::catalog, Locale};
use std::io::Write;
use std::sync::{LazyLock, OnceLock};

/// The catalog of one language, as the server sends it (a compressed copy is None only if its
/// encoder failed, writing to memory).
pub struct Encoded {
    pub json: String,
    pub br: Option<Vec<u8>>,
    pub gzip: Option<Vec<u8>>,
}

struct Catalogs {
    hash: String,
    files: [OnceLock<Encoded>; 3],
}

static CATALOGS: LazyLock<Catalogs> = LazyLock::new(|| {
    let mut digest = Sha256::new();
    for locale in Locale::ALL {
        digest.update(catalog::json(locale));
    }
    let hash = digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    Catalogs { hash, files: Default::default() }
});

/// Where `locale`'s catalog is served.
pub fn href(locale: Locale) -> String {
    format!("/messages/{}/{}.json", CATALOGS.hash, locale.code())
}

/// The catalog at `/messages/{hash}/{file}`; None for another server's hash or an unknown file.
pub fn file(hash: &str, file: &str) -> Option<&'static Encoded> {
    let catalogs = &*CATALOGS;
    let code = file.strip_suffix(".json").filter(|_| hash == catalogs.hash)?;
    let index = Locale::ALL.iter().position(|l| l.code() == code)?;
    Some(catalogs.files[index].get_or_init(|| encode(catalog::json(Locale::ALL[index]))))
}

fn encode(json: String) -> Encoded {
    let brotli = || {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
        brotli::BrotliCompress(&mut json.as_bytes(), &mut out, &params).map(|_| out)
    };
    let gzip = || {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(json.as_bytes()).and_then(|()| encoder.finish())
    };
    let (br, gzip) = (brotli().ok(), gzip().ok());
    Encoded { json, br, gzip }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn each_language_is_served_at_its_hashed_address_and_decodes_to_its_catalog() {
        let ko = href(Locale::Ko);
        let (hash, name) = ko.strip_prefix("/messages/").and_then(|rest| rest.split_once('/')).unwrap();
        assert_eq!((hash.len(), name), (16, "ko.json"));
        let file = file(hash, name).unwrap();
        assert_eq!(file.json, catalog::json(Locale::Ko));
        let (br, gzip) = (file.br.as_deref().unwrap(), file.gzip.as_deref().unwrap());
        let mut from_br = String::new();
        brotli::Decompressor::new(br, 4096).read_to_string(&mut from_br).unwrap();
        let mut from_gzip = String::new();
        flate2::read::GzDecoder::new(gzip).read_to_string(&mut from_gzip).unwrap();
        assert_eq!((from_br.as_str(), from_gzip.as_str()), (file.json.as_str(), file.json.as_str()));
        assert!(br.len() < file.json.len() / 3, "compressed");
        // Another hash (another build's page) or another file is not found.
        assert!(super::file("0123456789abcdef", name).is_none());
        assert!(super::file(hash, "de.json").is_none() && super::file(hash, "ko").is_none());
        assert_ne!(href(Locale::En), ko);
    }
}
