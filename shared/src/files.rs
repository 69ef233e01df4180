//! Uploaded files: what may be uploaded for which purpose, recognised by content (never by the
//! name or the browser's claim), and how a request's answer refers to one.
use crate::stored::stored_enum;
use crate::Msg;
use serde::{Deserialize, Serialize};

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Purpose {
        /// A document attached to a request (a medical certificate, a scan).
        Attachment = "attachment",
        /// The uploader's profile photo.
        Photo = "photo",
        /// A candidate's résumé (PDF), read by the job's team.
        Resume = "resume",
        /// A legal entity's seal (PNG) for its certificates, on its way into the entity's letterhead.
        Seal = "seal",
    }
}

impl Purpose {
    /// The purpose as the files table keeps it: a résumé is an attachment of a candidate (the
    /// table's purpose check predates résumés, and SQLite cannot change a check in place).
    pub fn stored_as(self) -> &'static str {
        match self {
            Purpose::Resume | Purpose::Seal => Purpose::Attachment.as_str(),
            other => other.as_str(),
        }
    }

    pub fn max_megabytes(self) -> usize {
        match self {
            Purpose::Attachment | Purpose::Resume => 10,
            Purpose::Photo => 2,
            Purpose::Seal => 1,
        }
    }

    /// The content type of `bytes` if this purpose accepts it, else why not.
    pub fn accept(self, bytes: &[u8]) -> Result<&'static str, Msg> {
        if bytes.len() > self.max_megabytes() * 1024 * 1024 {
            return Err(Msg::ErrFileTooLarge);
        }
        match (self, sniff(bytes)) {
            (Purpose::Photo, Some(t)) if t.starts_with("image/") => Ok(t),
            (Purpose::Photo, _) => Err(Msg::ErrPhotoType),
            (Purpose::Attachment, Some(t)) => Ok(t),
            (Purpose::Attachment, None) => Err(Msg::ErrFileType),
            (Purpose::Resume, Some("application/pdf")) => Ok("application/pdf"),
            (Purpose::Resume, _) => Err(Msg::ErrResumeType),
            (Purpose::Seal, Some("image/png")) => Ok("image/png"),
            (Purpose::Seal, _) => Err(Msg::ErrSealType),
        }
    }
}

/// PDF, JPEG or PNG by their signatures.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// An uploaded file as the uploader sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: i64,
    pub name: String,
    pub size: i64,
}

impl FileRef {
    /// How a request's file field stores it: `id|name`.
    pub fn answer(&self) -> String {
        format!("{}|{}", self.id, self.name)
    }

    pub fn parse_answer(s: &str) -> Option<(i64, &str)> {
        let (id, name) = s.split_once('|').unwrap_or((s, ""));
        id.trim().parse().ok().filter(|id| *id > 0).map(|id| (id, name))
    }
}

/// A file name as kept: no path, no control characters, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control() && *c != '"' && *c != '|').take(120).collect();
    if clean.trim().is_empty() {
        "file".into()
    } else {
        clean.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content_not_by_name() {
        assert_eq!(Purpose::Attachment.accept(b"%PDF-1.7\n..."), Ok("application/pdf"));
        assert_eq!(Purpose::Attachment.accept(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert_eq!(Purpose::Attachment.accept(b"<html><script>"), Err(Msg::ErrFileType));
        assert_eq!(Purpose::Attachment.accept(b"MZ\x90\x00"), Err(Msg::ErrFileType), "an executable renamed to .pdf");
        assert_eq!(Purpose::Photo.accept(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert_eq!(Purpose::Photo.accept(b"%PDF-1.4"), Err(Msg::ErrPhotoType), "a photo is a picture");
        let big = [b"%PDF-".as_slice(), &vec![0u8; 2 * 1024 * 1024]].concat();
        assert_eq!(Purpose::Photo.accept(&big), Err(Msg::ErrFileTooLarge));
        assert!(Purpose::Attachment.accept(&big).is_ok());
        assert_eq!(Purpose::Resume.accept(b"%PDF-1.7\n..."), Ok("application/pdf"));
        assert_eq!(Purpose::Resume.accept(&[0xFF, 0xD8, 0xFF, 0xE0]), Err(Msg::ErrResumeType), "a résumé is a PDF");
        assert_eq!(Purpose::parse("resume"), Some(Purpose::Resume));
        assert_eq!(Purpose::Seal.accept(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert_eq!(Purpose::Seal.accept(&[0xFF, 0xD8, 0xFF, 0xE0]), Err(Msg::ErrSealType), "a seal is a PNG (it may be transparent)");
    }

    #[test]
    fn answers_and_names() {
        let f = FileRef { id: 42, name: "진단서.pdf".into(), size: 10 };
        assert_eq!(FileRef::parse_answer(&f.answer()), Some((42, "진단서.pdf")));
        assert_eq!(FileRef::parse_answer("x|y"), None);
        assert_eq!(FileRef::parse_answer("0|y"), None);
        assert_eq!(clean_name("C:\\Users\\me\\справка.pdf"), "справка.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b|c\n.pdf"), "abc.pdf");
        assert_eq!(clean_name(""), "file");
    }
}
