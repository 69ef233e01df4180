//! One-page PDF documents with any script the font covers (Hangul, Cyrillic, Latin): the font
//! is subset to the glyphs used and embedded as a CID font, with a ToUnicode map so the text can
//! be searched, copied and extracted.
use super::{BackendError, Result};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;

/// A line of text: font size in points and the text.
pub struct Line {
    pub size: f32,
    pub text: String,
}

fn fail(e: impl std::fmt::Display) -> BackendError {
    BackendError::Internal(format!("pdf: {e}"))
}

/// An A4 page with the lines from the top, left-aligned, in the given TrueType font.
pub fn page(font: &[u8], lines: &[Line]) -> Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).map_err(fail)?;
    let mut remapper = subsetter::GlyphRemapper::new();
    // char → glyph id in the subset
    let mut glyphs: BTreeMap<char, u16> = BTreeMap::new();
    for c in lines.iter().flat_map(|l| l.text.chars()) {
        if let std::collections::btree_map::Entry::Vacant(slot) = glyphs.entry(c) {
            let gid = face.glyph_index(c).map_or(0, |g| g.0);
            slot.insert(remapper.remap(gid));
        }
    }
    let subset = subsetter::subset(font, 0, &remapper).map_err(fail)?;
    let units = f32::from(face.units_per_em());
    let scale = |v: i16| f32::from(v) * 1000.0 / units;

    let (catalog, tree, page_id, type0, cid, descriptor, file, cmap, content) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6), Ref::new(7), Ref::new(8), Ref::new(9));
    let font_name = Name(b"F1");
    let base = Name(b"SPSUBS+Embedded");
    let info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0)).parent(tree).contents(content);
    page.resources().fonts().pair(font_name, type0);
    page.finish();

    pdf.type0_font(type0).base_font(base).encoding_predefined(Name(b"Identity-H")).descendant_font(cid).to_unicode(cmap);
    let mut cid_font = pdf.cid_font(cid);
    cid_font.subtype(CidFontType::Type2).base_font(base).system_info(info).font_descriptor(descriptor).default_width(0.0);
    cid_font.cid_to_gid_map_predefined(Name(b"Identity"));
    {
        let mut widths = cid_font.widths();
        for (c, new_gid) in &glyphs {
            let old = face.glyph_index(*c).unwrap_or(ttf_parser::GlyphId(0));
            let advance = face.glyph_hor_advance(old).unwrap_or(0);
            widths.consecutive(*new_gid, [f32::from(advance) * 1000.0 / units]);
        }
    }
    cid_font.finish();
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(scale(bbox.x_min), scale(bbox.y_min), scale(bbox.x_max), scale(bbox.y_max)))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file2(file);
    pdf.stream(file, &subset).pair(Name(b"Length1"), subset.len() as i32);
    let mut unicode = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), info);
    for (c, gid) in &glyphs {
        unicode.pair(*gid, *c);
    }
    pdf.cmap(cmap, &unicode.finish()).system_info(info).name(Name(b"Custom"));

    let mut text = Content::new();
    let mut y = 842.0 - 72.0;
    for line in lines {
        y -= line.size * 1.6;
        let encoded: Vec<u8> = line.text.chars().flat_map(|c| glyphs.get(&c).copied().unwrap_or(0).to_be_bytes()).collect();
        text.begin_text().set_font(font_name, line.size).next_line(72.0, y).show(Str(&encoded)).end_text();
    }
    pdf.stream(content, &text.finish());
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_embeds_only_the_glyphs_it_uses() {
        let Ok(font) = std::fs::read(super::super::config::DEFAULT_FONT) else {
            eprintln!("SKIPPED: no font at {}", super::super::config::DEFAULT_FONT);
            return;
        };
        let lines = [super::Line { size: 14.0, text: "재직증명서 Справка Certificate".into() }];
        let pdf = super::page(&font, &lines).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < font.len() / 4, "subset: {} of {} bytes", pdf.len(), font.len());
        if let Ok(path) = std::env::var("STAFFPORT_PDF_SAMPLE") {
            std::fs::write(path, &pdf).unwrap();
        }
    }
}
