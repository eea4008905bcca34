//! A layout's palette: the CMYK percentages a designer gives each RGB colour of the layout's SVG
//! template, so print PDFs carry those values instead of a formula's guess (see `colour`).

use std::collections::BTreeSet;

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};

/// CMYK values (0–100 %) of the RGB colours a layout's template uses, in the order written.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Palette(Vec<([u8; 3], [f64; 4])>);

impl Palette {
    /// The CMYK (0–1) the palette gives `rgb`.
    pub(super) fn get(&self, rgb: [u8; 3]) -> Option<[f32; 4]> {
        self.0
            .iter()
            .find(|(c, _)| *c == rgb)
            .map(|(_, v)| v.map(|p| (p / 100.0) as f32))
    }

    /// `rgb` in CMYK: from the palette, or by the plain formula when the palette does not have it
    /// (then also noted in `missing`).
    pub(crate) fn convert(&self, rgb: [u8; 3], missing: &mut BTreeSet<[u8; 3]>) -> [f32; 4] {
        self.get(rgb).unwrap_or_else(|| {
            missing.insert(rgb);
            naive(rgb)
        })
    }

    /// A stable text of the palette, for cache keys.
    pub(super) fn digest(&self) -> String {
        self.0
            .iter()
            .map(|(c, v)| format!("{}={v:?};", hex(*c)))
            .collect()
    }
}

pub(super) fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// `#rrggbb` (or `#rgb`) as bytes.
pub(super) fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let h = s.strip_prefix('#')?;
    let digit = |i: usize, len: usize| u8::from_str_radix(h.get(i..i + len)?, 16).ok();
    match h.len() {
        6 => Some([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?]),
        3 => Some([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17]),
        _ => None,
    }
}

/// The textbook RGB → CMYK formula (full black generation): a fallback for colours a palette
/// does not name. Grey and black come out on the K plate alone.
pub(super) fn naive(rgb: [u8; 3]) -> [f32; 4] {
    let [r, g, b] = rgb.map(|v| v as f32 / 255.0);
    let k = 1.0 - r.max(g).max(b);
    if k >= 1.0 {
        return [0.0, 0.0, 0.0, 1.0];
    }
    let f = |v: f32| ((1.0 - v - k) / (1.0 - k)).clamp(0.0, 1.0);
    [f(r), f(g), f(b), k]
}

impl<'de> Deserialize<'de> for Palette {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Palette;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(r##"a mapping of colours to CMYK percentages, e.g. "#c8102e": [0, 100, 85, 20]"##)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Palette, A::Error> {
                let mut out: Vec<([u8; 3], [f64; 4])> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Vec<f64>>()? {
                    let rgb = parse_hex(key.trim()).ok_or_else(|| {
                        A::Error::custom(format!(
                            "palette: `{key}` is not a colour; write it as in the SVG template, `#rrggbb` in quotes"
                        ))
                    })?;
                    let cmyk: [f64; 4] = value.as_slice().try_into().map_err(|_| {
                        A::Error::custom(format!(
                            "palette: `{key}` needs four CMYK percentages [C, M, Y, K], not {}",
                            value.len()
                        ))
                    })?;
                    if cmyk.iter().any(|v| !(0.0..=100.0).contains(v)) {
                        return Err(A::Error::custom(format!(
                            "palette: `{key}`: CMYK values are percentages from 0 to 100"
                        )));
                    }
                    if out.iter().any(|(c, _)| *c == rgb) {
                        return Err(A::Error::custom(format!(
                            "palette: `{key}` is listed twice"
                        )));
                    }
                    out.push((rgb, cmyk));
                }
                Ok(Palette(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_formula_puts_black_and_grey_on_k_alone() {
        assert_eq!(naive([0, 0, 0]), [0.0, 0.0, 0.0, 1.0]);
        assert_eq!(naive([255, 255, 255]), [0.0, 0.0, 0.0, 0.0]);
        let g = naive([128, 128, 128]);
        assert_eq!(&g[..3], &[0.0, 0.0, 0.0]);
        assert!((g[3] - 0.498).abs() < 0.01);
    }

    #[test]
    fn hex_colours_parse_long_and_short() {
        assert_eq!(parse_hex("#c8102e"), Some([200, 16, 46]));
        assert_eq!(parse_hex("#fff"), Some([255, 255, 255]));
        assert_eq!(parse_hex("c8102e"), None);
        assert_eq!(parse_hex("#c8102"), None);
    }

    #[test]
    fn palettes_are_strict() {
        let ok: Palette =
            crate::yaml::from_str("\"#000000\": [0, 0, 0, 100]\n\"#ffcd00\": [0, 20, 100, 0]\n")
                .unwrap();
        assert_eq!(ok.get([0, 0, 0]), Some([0.0, 0.0, 0.0, 1.0]));
        for bad in [
            "red: [0, 100, 100, 0]\n",
            "\"#ff0000\": [0, 100, 100]\n",
            "\"#ff0000\": [0, 100, 120, 0]\n",
            "\"#ff0000\": [0, 100, 100, 0]\n\"#FF0000\": [0, 90, 100, 0]\n",
        ] {
            assert!(crate::yaml::from_str::<Palette>(bad).is_err(), "{bad}");
        }
    }
}
