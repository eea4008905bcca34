//! QR codes for panos, drawn as vector rectangles: a raster QR scaled to billboard size would
//! blur at its module edges, and a vector path stays exact in the PDF at any size.

use serde::Serialize;

/// White modules around the symbol that scanners need to find it (the standard asks for 4).
pub(super) const QUIET_ZONE: usize = 4;

/// A QR code ready for an SVG template, in module units (one module = 1 × 1).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Qr {
    /// What the code says.
    pub(super) data: String,
    /// Modules across the symbol, without the quiet zone.
    pub(super) modules: usize,
    /// Modules across the symbol with the quiet zone on both sides.
    pub(super) span: usize,
    /// SVG path data of the dark modules, offset by the quiet zone: one rectangle per run of
    /// dark modules in a row, so a code has hundreds of rectangles rather than thousands.
    pub(super) path: String,
}

/// Encodes `data` with medium error correction (M, 15 %): a poster gets dirty and scuffed, and
/// a higher level would mean more, smaller modules at the same printed size.
pub(super) fn encode(data: &str) -> Result<Qr, String> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| format!("cannot encode `{data}` as a QR code: {e}"))?;
    let n = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .iter()
        .map(|c| *c == qrcode::Color::Dark)
        .collect();
    let mut path = String::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if dark[y * n + x] {
                let start = x;
                while x < n && dark[y * n + x] {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    Ok(Qr {
        data: data.to_string(),
        modules: n,
        span: n + 2 * QUIET_ZONE,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let qr = encode("https://hoctapsuotdoi.example.vn/").unwrap();
        let code = qrcode::QrCode::with_error_correction_level(
            "https://hoctapsuotdoi.example.vn/",
            qrcode::EcLevel::M,
        )
        .unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == qrcode::Color::Dark)
            .count();
        let covered: usize = qr
            .path
            .split('M')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let h = s.split('h').nth(1).unwrap();
                h.split('v').next().unwrap().parse::<usize>().unwrap()
            })
            .sum();
        assert_eq!(covered, dark);
        assert_eq!(qr.span, qr.modules + 8);
    }
}
