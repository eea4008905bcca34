//! Reads finished artwork back, as a print shop's preflight does: where every line of text puts
//! its ink (its glyph outlines as drawn), and whether that ink comes too close to the next line
//! or runs into a frame line, rule, photo or QR code. The fitter sets lines apart by the same
//! measure; this check looks at the SVG as it will print, so a template that places text
//! itself, or a layout whose boxes overlap its own frame, is caught too.

use usvg::tiny_skia_path::{PathSegment, Point, Rect, Transform};

/// One line of text as drawn: its characters, its size and the box around its ink, in the
/// tree's canvas units.
#[derive(Debug, Clone)]
pub(super) struct InkLine {
    pub(super) text: String,
    /// Font size in canvas units.
    pub(super) size: f64,
    pub(super) ink: Rect,
}

/// Something text must keep clear of.
#[derive(Debug, Clone)]
enum Obstacle {
    /// A stroked line: its segments (curves by their control polygon) and half its width.
    Stroke {
        segments: Vec<(Point, Point)>,
        half_width: f64,
    },
    /// An area: a photo frame, a picture, the QR code.
    Area { what: String, rect: Rect },
}

/// Ink that comes too close to other ink (in the unit `inspect` was given).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The ink of two lines comes closer than the clearance (or overlaps: `gap` < 0).
    LinesTooClose {
        upper: String,
        lower: String,
        gap: f64,
        need: f64,
    },
    /// A line's ink comes closer than the clearance to a frame line, rule, photo or QR code.
    TouchesObstacle {
        text: String,
        what: String,
        gap: f64,
        need: f64,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::LinesTooClose {
                upper,
                lower,
                gap,
                need,
            } => write!(
                f,
                "the lines \"{upper}\" and \"{lower}\" come {gap:.1} apart (ink to ink), less than the {need:.1} their marks need to stay apart in print"
            ),
            Problem::TouchesObstacle {
                text,
                what,
                gap,
                need,
            } => write!(
                f,
                "the text \"{text}\" comes {gap:.1} from the {what}, less than {need:.1}: move the layout's box away from it or shrink the box"
            ),
        }
    }
}

/// Every line of text in `tree`, in drawing order.
pub(super) fn lines(tree: &usvg::Tree) -> Vec<InkLine> {
    let mut out = Vec::new();
    walk(tree.root(), &mut |node, _| {
        if let usvg::Node::Text(text) = node {
            // The flattened glyphs live outside the tree, so their own "absolute" box is in
            // the text's user space (mm for print formats): place it with the text's transform.
            let Some(ink) = text
                .flattened()
                .bounding_box()
                .transform(text.abs_transform())
            else {
                return;
            };
            let size = text
                .chunks()
                .iter()
                .flat_map(|c| c.spans())
                .map(|s| s.font_size().get() as f64)
                .fold(0.0, f64::max);
            let label: String = text.chunks().iter().map(|c| c.text()).collect();
            out.push(InkLine {
                text: label,
                size: size * scale(text.abs_transform()),
                ink,
            });
        }
    });
    out
}

/// Frame lines, rules and pictures the tree draws, with `areas` the layout names (photo frames,
/// the QR code), given in the artwork's unit.
fn obstacles(tree: &usvg::Tree, areas: &[(String, Rect)], px_per_unit: f64) -> Vec<Obstacle> {
    let mut out: Vec<Obstacle> = Vec::new();
    // Layouts draw in their unit with a viewBox of the same numbers, so the canvas is that unit
    // scaled.
    let to_canvas = Transform::from_scale(px_per_unit as f32, px_per_unit as f32);
    for (what, rect) in areas {
        if let Some(rect) = rect.transform(to_canvas) {
            out.push(Obstacle::Area {
                what: what.clone(),
                rect,
            });
        }
    }
    walk(tree.root(), &mut |node, clipped| match node {
        usvg::Node::Path(path) => {
            let Some(stroke) = path.stroke() else { return };
            if !path.is_visible() {
                return;
            }
            let ts = path.abs_transform();
            let mut segments = Vec::new();
            let mut last = Point::zero();
            let mut start = Point::zero();
            let map = |mut p: Point| {
                ts.map_point(&mut p);
                p
            };
            for seg in path.data().segments() {
                match seg {
                    PathSegment::MoveTo(p) => {
                        last = map(p);
                        start = last;
                    }
                    PathSegment::LineTo(p) => {
                        let p = map(p);
                        segments.push((last, p));
                        last = p;
                    }
                    PathSegment::QuadTo(c, p) => {
                        let (c, p) = (map(c), map(p));
                        segments.push((last, c));
                        segments.push((c, p));
                        last = p;
                    }
                    PathSegment::CubicTo(c1, c2, p) => {
                        let (c1, c2, p) = (map(c1), map(c2), map(p));
                        segments.push((last, c1));
                        segments.push((c1, c2));
                        segments.push((c2, p));
                        last = p;
                    }
                    PathSegment::Close => {
                        segments.push((last, start));
                        last = start;
                    }
                }
            }
            out.push(Obstacle::Stroke {
                segments,
                half_width: stroke.width().get() as f64 * scale(ts) / 2.0,
            });
        }
        // A clipped picture is a photo in a frame, which the layout names as an area; only the
        // frame shows, not the picture's own (larger) box.
        usvg::Node::Image(image) if !clipped => out.push(Obstacle::Area {
            what: "picture".into(),
            rect: image.abs_bounding_box(),
        }),
        _ => {}
    });
    out
}

/// Visits every node, telling whether an ancestor group clips it. Text is not entered: its
/// flattened glyphs are text, not obstacles.
fn walk(group: &usvg::Group, f: &mut dyn FnMut(&usvg::Node, bool)) {
    fn inner(group: &usvg::Group, clipped: bool, f: &mut dyn FnMut(&usvg::Node, bool)) {
        let clipped = clipped || group.clip_path().is_some();
        for node in group.children() {
            f(node, clipped);
            if let usvg::Node::Group(g) = node {
                inner(g, clipped, f);
            }
        }
    }
    inner(group, false, f);
}

/// How much a transform scales lengths (the geometric mean of its axes).
fn scale(ts: Transform) -> f64 {
    let (sx, sy) = ts.get_scale();
    ((sx * sy) as f64).sqrt()
}

/// Distance between two rectangles (0 when they touch, negative depth when they overlap).
fn rect_gap(a: &Rect, b: &Rect) -> f64 {
    let dx = (b.left() - a.right()).max(a.left() - b.right()) as f64;
    let dy = (b.top() - a.bottom()).max(a.top() - b.bottom()) as f64;
    if dx < 0.0 && dy < 0.0 {
        dx.max(dy)
    } else {
        dx.max(0.0).hypot(dy.max(0.0))
    }
}

/// Distance from a segment to a rectangle (0 when it crosses or enters it): the segment is
/// clipped to the rectangle (Liang–Barsky); when nothing is left, the nearest pair is an end
/// point against the rectangle or a corner against the segment.
fn segment_gap(a: Point, b: Point, r: &Rect) -> f64 {
    let (dx, dy) = ((b.x - a.x) as f64, (b.y - a.y) as f64);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let mut enters = true;
    for (p, q) in [
        (-dx, (a.x - r.left()) as f64),
        (dx, (r.right() - a.x) as f64),
        (-dy, (a.y - r.top()) as f64),
        (dy, (r.bottom() - a.y) as f64),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                enters = false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if enters && t0 <= t1 {
        return 0.0;
    }
    let to_rect = |p: Point| {
        let dx = (r.left() - p.x).max(p.x - r.right()).max(0.0) as f64;
        let dy = (r.top() - p.y).max(p.y - r.bottom()).max(0.0) as f64;
        dx.hypot(dy)
    };
    [
        Point::from_xy(r.left(), r.top()),
        Point::from_xy(r.right(), r.top()),
        Point::from_xy(r.left(), r.bottom()),
        Point::from_xy(r.right(), r.bottom()),
    ]
    .into_iter()
    .map(|c| point_segment(c, a, b))
    .chain([to_rect(a), to_rect(b)])
    .fold(f64::MAX, f64::min)
}

fn point_segment(p: Point, a: Point, b: Point) -> f64 {
    let (abx, aby) = ((b.x - a.x) as f64, (b.y - a.y) as f64);
    let (apx, apy) = ((p.x - a.x) as f64, (p.y - a.y) as f64);
    let len2 = abx * abx + aby * aby;
    let t = if len2 == 0.0 {
        0.0
    } else {
        ((apx * abx + apy * aby) / len2).clamp(0.0, 1.0)
    };
    (apx - t * abx).hypot(apy - t * aby)
}

/// Every place in `tree` where the ink of text comes closer than `clearance` (a fraction of the
/// text size) to other text above or below it, or to an obstacle. Distances in the problems
/// are in the artwork's unit: canvas units divided by `px_per_unit`.
pub(super) fn inspect(
    tree: &usvg::Tree,
    clearance: f64,
    areas: &[(String, Rect)],
    px_per_unit: f64,
) -> Vec<Problem> {
    let lines: Vec<InkLine> = lines(tree)
        .into_iter()
        .filter(|l| !l.text.trim().is_empty())
        .collect();
    // Positions in the SVG are rounded to hundredths of a unit; that much is not a fault.
    let tolerance = 0.02 * px_per_unit;
    let mut problems = Vec::new();
    // Lines whose inks share some width, one above the other: the pairs a reader sees stacked.
    for (i, a) in lines.iter().enumerate() {
        for b in &lines[i + 1..] {
            let (upper, lower) = if a.ink.top() <= b.ink.top() {
                (a, b)
            } else {
                (b, a)
            };
            let shared =
                upper.ink.right().min(lower.ink.right()) - upper.ink.left().max(lower.ink.left());
            if shared <= 0.0 {
                continue;
            }
            let gap = (lower.ink.top() - upper.ink.bottom()) as f64;
            let need = clearance * upper.size.max(lower.size);
            if gap + tolerance < need {
                problems.push(Problem::LinesTooClose {
                    upper: upper.text.clone(),
                    lower: lower.text.clone(),
                    gap: gap / px_per_unit,
                    need: need / px_per_unit,
                });
            }
        }
    }
    for obstacle in obstacles(tree, areas, px_per_unit) {
        for line in &lines {
            let need = clearance * line.size;
            let (gap, what) = match &obstacle {
                Obstacle::Stroke {
                    segments,
                    half_width,
                } => {
                    let gap = segments
                        .iter()
                        .map(|(a, b)| segment_gap(*a, *b, &line.ink))
                        .fold(f64::MAX, f64::min)
                        - half_width;
                    (gap, "frame line")
                }
                Obstacle::Area { what, rect } => (rect_gap(&line.ink, rect), what.as_str()),
            };
            if gap + tolerance < need {
                problems.push(Problem::TouchesObstacle {
                    text: line.text.clone(),
                    what: what.to_string(),
                    gap: gap.max(0.0) / px_per_unit,
                    need: need / px_per_unit,
                });
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect::from_ltrb(x0, y0, x1, y1).unwrap()
    }

    #[test]
    fn gaps_between_rects_and_segments() {
        let a = rect(0.0, 0.0, 10.0, 10.0);
        assert_eq!(rect_gap(&a, &rect(13.0, 0.0, 20.0, 5.0)), 3.0);
        assert!(rect_gap(&a, &rect(5.0, 5.0, 20.0, 20.0)) < 0.0);
        let r = rect(0.0, 0.0, 10.0, 10.0);
        let g = segment_gap(Point::from_xy(-5.0, 12.0), Point::from_xy(20.0, 12.0), &r);
        assert!((g - 2.0).abs() < 1e-6, "{g}");
        assert_eq!(
            segment_gap(Point::from_xy(-5.0, 5.0), Point::from_xy(20.0, 5.0), &r),
            0.0
        );
    }
}
