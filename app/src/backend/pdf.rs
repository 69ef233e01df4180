//! One-page A4 documents with any script the font covers (Hangul, Cyrillic, Latin): the font
//! is subset to the glyphs used and embedded as a CID font, with a ToUnicode map so the text can
//! be searched, copied and extracted. A page is a list of marks placed in points from the
//! bottom-left corner: text (left, centred or right of its anchor), rules, filled squares (a QR
//! code) and one picture (a seal).
use super::{BackendError, Result};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;

pub const A4: (f32, f32) = (595.0, 842.0);

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

pub enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        align: Align,
        text: String,
    },
    /// A thin horizontal line.
    Rule {
        x: f32,
        y: f32,
        width: f32,
    },
    /// Dark squares of `side` points at (column, row), counted from the top-left corner (x, y).
    Squares {
        x: f32,
        y: f32,
        side: f32,
        cells: Vec<(u16, u16)>,
    },
    /// The sheet's picture, in this box.
    Picture {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

/// A decoded image: 8-bit RGB samples, and its opacity where it has any.
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

impl Picture {
    /// Reads a PNG of any colour type and depth, up to 16 MB decoded (a small file can claim a
    /// huge image).
    pub fn from_png(bytes: &[u8]) -> Result<Picture> {
        let limits = png::Limits { bytes: 16 * 1024 * 1024 };
        let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().map_err(fail)?;
        let mut buf = vec![0; reader.output_buffer_size().ok_or_else(|| fail("image too large"))?];
        let info = reader.next_frame(&mut buf).map_err(fail)?;
        let pixels = &buf[..info.buffer_size()];
        let (rgb, alpha): (Vec<u8>, Option<Vec<u8>>) = match info.color_type {
            png::ColorType::Rgb => (pixels.to_vec(), None),
            png::ColorType::Rgba => {
                (pixels.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect(), Some(pixels.chunks_exact(4).map(|p| p[3]).collect()))
            }
            png::ColorType::Grayscale => (pixels.iter().flat_map(|g| [*g; 3]).collect(), None),
            png::ColorType::GrayscaleAlpha => {
                (pixels.chunks_exact(2).flat_map(|p| [p[0]; 3]).collect(), Some(pixels.chunks_exact(2).map(|p| p[1]).collect()))
            }
            png::ColorType::Indexed => return Err(fail("palette left unexpanded")),
        };
        Ok(Picture { width: info.width, height: info.height, rgb, alpha })
    }
}

pub struct Sheet {
    pub marks: Vec<Mark>,
    pub picture: Option<Picture>,
}

fn fail(e: impl std::fmt::Display) -> BackendError {
    BackendError::Internal(format!("pdf: {e}"))
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(bytes).map_err(fail)?;
    z.finish().map_err(fail)
}

/// Renders the sheet on one A4 page in the given TrueType font.
pub fn render(font: &[u8], sheet: &Sheet) -> Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).map_err(fail)?;
    let mut remapper = subsetter::GlyphRemapper::new();
    // char → glyph id in the subset
    let mut glyphs: BTreeMap<char, u16> = BTreeMap::new();
    let texts = sheet.marks.iter().filter_map(|m| match m {
        Mark::Text { text, .. } => Some(text),
        _ => None,
    });
    for c in texts.flat_map(|t| t.chars()) {
        if let std::collections::btree_map::Entry::Vacant(slot) = glyphs.entry(c) {
            let gid = face.glyph_index(c).map_or(0, |g| g.0);
            slot.insert(remapper.remap(gid));
        }
    }
    let subset = subsetter::subset(font, 0, &remapper).map_err(fail)?;
    let units = f32::from(face.units_per_em());
    let scale = |v: i16| f32::from(v) * 1000.0 / units;
    let advance = |c: char| f32::from(face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0)) / units;

    let (catalog, tree, page_id, type0, cid, descriptor, file, cmap, content, image, mask) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
        Ref::new(8),
        Ref::new(9),
        Ref::new(10),
        Ref::new(11),
    );
    let font_name = Name(b"F1");
    let image_name = Name(b"Im1");
    let base = Name(b"SPSUBS+Embedded");
    let info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, A4.0, A4.1)).parent(tree).contents(content);
    let mut resources = page.resources();
    resources.fonts().pair(font_name, type0);
    if sheet.picture.is_some() {
        resources.x_objects().pair(image_name, image);
    }
    resources.finish();
    page.finish();

    pdf.type0_font(type0).base_font(base).encoding_predefined(Name(b"Identity-H")).descendant_font(cid).to_unicode(cmap);
    let mut cid_font = pdf.cid_font(cid);
    cid_font.subtype(CidFontType::Type2).base_font(base).system_info(info).font_descriptor(descriptor).default_width(0.0);
    cid_font.cid_to_gid_map_predefined(Name(b"Identity"));
    {
        let mut widths = cid_font.widths();
        for (c, new_gid) in &glyphs {
            widths.consecutive(*new_gid, [advance(*c) * 1000.0]);
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

    if let Some(p) = &sheet.picture {
        let (samples, opacity) = (deflate(&p.rgb)?, p.alpha.as_deref().map(deflate).transpose()?);
        let mut x = pdf.image_xobject(image, &samples);
        x.filter(Filter::FlateDecode);
        x.width(p.width as i32).height(p.height as i32).bits_per_component(8);
        x.color_space().device_rgb();
        if opacity.is_some() {
            x.s_mask(mask);
        }
        x.finish();
        if let Some(alpha) = &opacity {
            let mut m = pdf.image_xobject(mask, alpha);
            m.filter(Filter::FlateDecode);
            m.width(p.width as i32).height(p.height as i32).bits_per_component(8);
            m.color_space().device_gray();
            m.finish();
        }
    }

    let mut out = Content::new();
    for mark in &sheet.marks {
        match mark {
            Mark::Text { x, y, size, align, text } => {
                let width: f32 = text.chars().map(advance).sum::<f32>() * size;
                let left = match align {
                    Align::Left => *x,
                    Align::Centre => x - width / 2.0,
                    Align::Right => x - width,
                };
                let encoded: Vec<u8> = text.chars().flat_map(|c| glyphs.get(&c).copied().unwrap_or(0).to_be_bytes()).collect();
                out.begin_text().set_font(font_name, *size).next_line(left, *y).show(Str(&encoded)).end_text();
            }
            Mark::Rule { x, y, width } => {
                out.set_line_width(0.75).move_to(*x, *y).line_to(x + width, *y).stroke();
            }
            Mark::Squares { x, y, side, cells } => {
                for (col, row) in cells {
                    out.rect(x + f32::from(*col) * side, y - f32::from(*row + 1) * side, *side, *side);
                }
                out.fill_nonzero();
            }
            Mark::Picture { x, y, width, height } => {
                if sheet.picture.is_some() {
                    out.save_state().transform([*width, 0.0, 0.0, *height, *x, *y]).x_object(image_name).restore_state();
                }
            }
        }
    }
    pdf.stream(content, &out.finish());
    Ok(pdf.finish())
}

/// The dark modules of a QR code for `text`, with its width in modules.
pub fn qr_cells(text: &str) -> Result<(u16, Vec<(u16, u16)>)> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).map_err(fail)?;
    let width = code.width();
    let cells = code
        .to_colors()
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == qrcode::Color::Dark)
        .map(|(i, _)| ((i % width) as u16, (i / width) as u16))
        .collect();
    Ok((width as u16, cells))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_embeds_only_the_glyphs_it_uses() {
        let Ok(font) = std::fs::read(super::super::config::DEFAULT_FONT) else {
            eprintln!("SKIPPED: no font at {}", super::super::config::DEFAULT_FONT);
            return;
        };
        let text =
            Mark::Text { x: 72.0, y: 700.0, size: 14.0, align: Align::Left, text: "재직증명서 Справка Certificate".into() };
        let pdf = render(&font, &Sheet { marks: vec![text], picture: None }).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < font.len() / 4, "subset: {} of {} bytes", pdf.len(), font.len());
        if let Ok(path) = std::env::var("STAFFPORT_PDF_SAMPLE") {
            std::fs::write(path, &pdf).unwrap();
        }
    }

    #[test]
    fn pictures_keep_their_transparency() {
        // A 2×1 PNG: one opaque red pixel, one transparent one.
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, 2, 1);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.write_header().unwrap().write_image_data(&[255, 0, 0, 255, 0, 0, 0, 0]).unwrap();
        }
        let p = Picture::from_png(&bytes).unwrap();
        assert_eq!((p.width, p.height), (2, 1));
        assert_eq!(p.rgb, vec![255, 0, 0, 0, 0, 0]);
        assert_eq!(p.alpha, Some(vec![255, 0]));
        assert!(Picture::from_png(b"not a png").is_err());
    }

    #[test]
    fn qr_codes_are_square_with_finder_patterns() {
        let (width, cells) = qr_cells("https://hr.example.com/verify/SP-ABC123").unwrap();
        assert!(width >= 21);
        // The top-left finder pattern: a dark 7×7 ring.
        assert!((0..7).all(|i| cells.contains(&(i, 0)) && cells.contains(&(0, i))));
        assert!(!cells.contains(&(1, 1)));
    }
}
