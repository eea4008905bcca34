//! Generates a province-sized loa site for benchmarks: realistic Vietnamese news (full
//! diacritics, ~400 words each), English translations for a share of them, units, tags, the real
//! themes of 2020–2023, slogans and learners.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --posts 10000 --langs vi,en --en-share 1.0 --units 200 [--photos K] /tmp/corpus
//! cargo run --release -- -r /tmp/corpus build
//! ```
//!
//! Output is deterministic for the same arguments (a fixed-seed generator), so timings compare.
//! `--photos K` puts one generated 4000 × 3000 phone-style JPEG in each of the first K posts.
//! Tests include this file to generate corpora of their own (`generate`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub struct Args {
    pub posts: usize,
    pub langs: Vec<String>,
    pub en_share: f64,
    pub units: usize,
    pub photos: usize,
    pub out: PathBuf,
}

fn parse_args() -> Args {
    let mut args = Args {
        posts: 1000,
        langs: vec!["vi".into(), "en".into()],
        en_share: 1.0,
        units: 200,
        photos: 0,
        out: PathBuf::from("corpus"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--posts" => args.posts = value().parse().unwrap_or_else(|_| usage("--posts N")),
            "--langs" => args.langs = value().split(',').map(str::to_string).collect(),
            "--en-share" => {
                args.en_share = value().parse().unwrap_or_else(|_| usage("--en-share 0..1"))
            }
            "--units" => args.units = value().parse().unwrap_or_else(|_| usage("--units N")),
            "--photos" => args.photos = value().parse().unwrap_or_else(|_| usage("--photos K")),
            "-h" | "--help" => usage(""),
            other if !other.starts_with('-') => args.out = PathBuf::from(other),
            other => usage(&format!("unknown option {other}")),
        }
    }
    args
}

fn usage(msg: &str) -> ! {
    if !msg.is_empty() {
        eprintln!("error: {msg}");
    }
    eprintln!(
        "usage: gen_corpus [--posts N] [--langs vi,en] [--en-share 0..1] [--units N] [--photos K] OUT"
    );
    std::process::exit(2)
}

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }
}

const VI_WORDS: &[&str] = &[
    "học tập",
    "suốt đời",
    "cộng đồng",
    "trung tâm",
    "thư viện",
    "đọc sách",
    "kỹ năng số",
    "người dân",
    "học sinh",
    "giáo viên",
    "phụ huynh",
    "tuần lễ",
    "hưởng ứng",
    "phong trào",
    "khuyến học",
    "xã hội",
    "chuyển đổi số",
    "trực tuyến",
    "lớp học",
    "tổ chức",
    "tham gia",
    "hoạt động",
    "tuyên truyền",
    "đơn vị",
    "gia đình",
    "dòng họ",
    "công dân",
    "năng lực",
    "tự học",
    "kỷ nguyên",
    "sáng tạo",
    "hiệu quả",
    "thiết thực",
    "địa phương",
    "phường",
    "xã",
    "thôn",
    "khu phố",
    "người cao tuổi",
    "thanh niên",
    "điện thoại thông minh",
    "tài liệu",
    "học liệu mở",
    "chia sẻ",
    "kinh nghiệm",
    "biểu dương",
    "gương điển hình",
    "nhiệt tình",
    "đông đảo",
    "ý nghĩa",
    "lan tỏa",
    "thói quen",
    "văn hóa đọc",
    "tủ sách",
    "nông dân",
    "công nhân",
    "doanh nghiệp",
    "hội thi",
    "tìm hiểu",
    "phát động",
    "khai mạc",
    "bế mạc",
    "kế hoạch",
];
const VI_GLUE: &[&str] = &[
    "và", "của", "cho", "với", "trong", "để", "đã", "được", "những", "các", "nhiều", "cùng", "tại",
    "về", "rất", "đều", "mỗi", "từ",
];
const EN_WORDS: &[&str] = &[
    "lifelong learning",
    "community",
    "centre",
    "library",
    "reading",
    "digital skills",
    "residents",
    "pupils",
    "teachers",
    "parents",
    "week",
    "movement",
    "learning society",
    "online",
    "class",
    "organised",
    "took part",
    "activities",
    "ward",
    "commune",
    "village",
    "older people",
    "young people",
    "smartphones",
    "open resources",
    "shared",
    "experience",
    "honoured",
    "role models",
    "reading culture",
    "bookshelves",
    "farmers",
    "workers",
    "contest",
    "launch",
    "opening ceremony",
    "plan",
    "self-study",
    "practical",
];
const EN_GLUE: &[&str] = &[
    "and", "of", "for", "with", "in", "to", "the", "many", "all", "at", "about", "each",
];
const TAGS_VI: &[&str] = &[
    "kỹ năng số",
    "văn hóa đọc",
    "tủ sách lớp học",
    "người cao tuổi",
    "khuyến học",
    "tự học",
    "cuộc thi",
    "trung tâm học tập cộng đồng",
    "chuyển đổi số",
    "gương điển hình",
    "phát động",
    "thư viện",
];
const TAGS_EN: &[&str] = &[
    "digital skills",
    "reading culture",
    "classroom bookshelves",
    "older people",
    "education promotion",
    "self-study",
    "contests",
    "community learning centres",
    "digital transformation",
    "role models",
    "launch",
    "libraries",
];
const TITLE_VI: &[&str] = &[
    "tổ chức ngày hội đọc sách",
    "mở lớp kỹ năng số cho người dân",
    "phát động Tuần lễ học tập suốt đời",
    "biểu dương gương điển hình học tập",
    "ra mắt tủ sách cộng đồng",
    "tổ chức hội thi tìm hiểu",
    "hướng dẫn người cao tuổi dùng điện thoại thông minh",
    "chia sẻ học liệu mở cho học sinh",
];
const TITLE_EN: &[&str] = &[
    "holds a reading festival",
    "opens a digital-skills class for residents",
    "launches Lifelong Learning Week",
    "honours exemplary learners",
    "opens a community bookshelf",
    "holds a knowledge contest",
    "teaches older people to use smartphones",
    "shares open resources with pupils",
];

fn sentence(rng: &mut Rng, words: &[&str], glue: &[&str], len: usize) -> String {
    let mut s = String::new();
    for i in 0..len {
        let w = if i % 2 == 0 {
            rng.pick(words)
        } else {
            rng.pick(glue)
        };
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// About `words` words of Markdown: paragraphs of sentences, a heading, a list.
fn body(rng: &mut Rng, words: &[&str], glue: &[&str], target: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut para = 0;
    while count < target {
        if para == 2 {
            let _ = writeln!(
                out,
                "## {}\n",
                sentence(rng, words, glue, 4).trim_end_matches('.')
            );
        }
        if para == 3 {
            for _ in 0..3 {
                let _ = writeln!(out, "- {}", sentence(rng, words, glue, 6));
                count += 8;
            }
            out.push('\n');
        }
        for _ in 0..3 {
            let n = 10 + rng.below(10);
            out.push_str(&sentence(rng, words, glue, n));
            out.push(' ');
            count += n * 3 / 2;
        }
        out.push_str("\n\n");
        para += 1;
    }
    out
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

#[allow(dead_code)]
fn main() {
    let args = parse_args();
    let out = &args.out;
    if out.exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        usage(&format!("{} exists and is not empty", out.display()));
    }
    generate(&args);
    eprintln!(
        "wrote a site with {} news posts ({} with a photo), {} units and {} learners to {}",
        args.posts,
        args.photos.min(args.posts),
        args.units,
        (args.posts / 50).max(1),
        out.display()
    );
}

/// A phone-style photo: smooth light with sensor-like noise, so JPEG sizes are realistic.
fn photo(path: &Path, seed: u64) {
    let mut rng = Rng(seed | 1);
    let (r0, g0, b0) = (
        rng.below(200) as u32,
        rng.below(200) as u32,
        rng.below(200) as u32,
    );
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 27;
        image::Rgb([
            ((r0 + x / 40 + n) % 256) as u8,
            ((g0 + y / 30 + n) % 256) as u8,
            ((b0 + (x + y) / 70 + n) % 256) as u8,
        ])
    });
    img.save(path).expect("write photo");
}

/// Writes the whole corpus into `args.out`.
pub fn generate(args: &Args) {
    let out = &args.out;
    let mut rng = Rng(0x5EED_1EA5_2023_u64);
    let has_en = args.langs.iter().any(|l| l == "en");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));

    // site.yaml: the demo's languages, trimmed to the ones asked for.
    let mut site =
        String::from("base_url: https://corpus.example.vn\ntheme: default\nlanguages:\n");
    for l in &args.langs {
        let (name, title) = match l.as_str() {
            "vi" => ("Tiếng Việt", "Tuần lễ hưởng ứng học tập suốt đời"),
            "en" => ("English", "Lifelong Learning Week"),
            other => (other, "Lifelong Learning Week"),
        };
        let _ = writeln!(site, "  - code: {l}\n    name: {name}\n    title: {title}");
    }
    site.push_str("campaign:\n  current_year: 2023\n  organiser: Sở Giáo dục và Đào tạo\n");
    write(&out.join("site.yaml"), &site);

    // The real themes and slogans, and the section files, from the demo.
    for section in ["themes", "slogans"] {
        for entry in std::fs::read_dir(repo.join("content").join(section)).expect("demo content") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let keep = !name.contains(".en.") || has_en;
            if keep {
                std::fs::create_dir_all(out.join("content").join(section)).expect("folder");
                std::fs::copy(entry.path(), out.join("content").join(section).join(&name))
                    .expect("copy");
            }
        }
    }
    write(
        &out.join("content/_index.md"),
        "---\ntitle: Tuần lễ hưởng ứng học tập suốt đời\n---\nCổng thông tin thử nghiệm.\n",
    );
    write(
        &out.join("content/news/_index.md"),
        "---\ntitle: Tin tức\npath: tin-tuc\nsort_by: date\npaginate: 20\n---\n",
    );
    if has_en {
        write(
            &out.join("content/_index.en.md"),
            "---\ntitle: Lifelong Learning Week\n---\nA test portal.\n",
        );
        write(
            &out.join("content/news/_index.en.md"),
            "---\ntitle: News\npath: news\n---\n",
        );
    }

    // Units: a province, districts, and schools and wards under them.
    let districts = (args.units / 20).max(1);
    let mut units = String::from(
        "- id: tinh\n  kind: province\n  name: { vi: Tỉnh Thử Nghiệm, en: Test Province }\n",
    );
    for d in 0..districts {
        let _ = writeln!(
            units,
            "- id: huyen-{d}\n  kind: district\n  name: {{ vi: Huyện số {d}, en: District {d} }}\n  parent: tinh"
        );
    }
    let unit_ids: Vec<String> = (0..args.units).map(|i| format!("don-vi-{i}")).collect();
    for (i, id) in unit_ids.iter().enumerate() {
        let (kind, vi, en) = if i % 3 == 0 {
            (
                "ward",
                format!("Phường Học Tập {i}"),
                format!("Learning Ward {i}"),
            )
        } else {
            (
                "school",
                format!("Trường Tiểu học Sáng Tạo {i}"),
                format!("Sang Tao Primary School {i}"),
            )
        };
        let _ = writeln!(
            units,
            "- id: {id}\n  kind: {kind}\n  name: {{ vi: {vi}, en: {en} }}\n  parent: huyen-{}",
            i % districts
        );
    }
    write(&out.join("content/units.yaml"), &units);

    // Learners: one per 50 posts.
    for i in 0..(args.posts / 50).max(1) {
        let unit = &unit_ids[i % unit_ids.len()];
        let text = format!(
            "---\nname: Nguyễn Văn Học {i}\nunit: {unit}\ncategory: cong-dan-hoc-tap\nquote: Học, học nữa, học mãi.\nyear: 2023\nsample: true\n---\n\n{}",
            body(&mut rng, VI_WORDS, VI_GLUE, 150)
        );
        write(
            &out.join(format!("content/learners/nguoi-hoc-{i}.md")),
            &text,
        );
    }

    // News, spread over four campaign years, newest last.
    for i in 0..args.posts {
        let year = 2020 + (i * 4 / args.posts.max(1)) as i32;
        let day = 1 + rng.below(28);
        let month = if rng.chance(0.7) {
            10
        } else {
            1 + rng.below(12)
        };
        let unit = &unit_ids[rng.below(unit_ids.len())];
        let t = rng.below(TITLE_VI.len());
        let (tag_a, tag_b) = (rng.below(TAGS_VI.len()), rng.below(TAGS_VI.len()));
        let dir = out.join(format!("content/news/{year}-{month:02}-{day:02}-tin-{i}"));
        let vi = format!(
            "---\ntitle: \"Đơn vị {i} {}\"\ndate: {year}-{month:02}-{day:02}\nunit: {unit}\nsummary: \"{}\"\ntags: [\"{}\", \"{}\"]\nparticipants: {}\nsample: true\n---\n\n{}",
            TITLE_VI[t],
            sentence(&mut rng, VI_WORDS, VI_GLUE, 14),
            TAGS_VI[tag_a],
            TAGS_VI[tag_b],
            20 + rng.below(800),
            body(&mut rng, VI_WORDS, VI_GLUE, 400)
        );
        write(&dir.join("index.md"), &vi);
        if i < args.photos {
            photo(&dir.join("anh.jpg"), i as u64);
        }
        if has_en && rng.chance(args.en_share) {
            let en = format!(
                "---\ntitle: \"Unit {i} {}\"\nslug: unit-{i}-news\nsummary: \"{}\"\ntags: [\"{}\", \"{}\"]\n---\n\n{}",
                TITLE_EN[t],
                sentence(&mut rng, EN_WORDS, EN_GLUE, 14),
                TAGS_EN[tag_a],
                TAGS_EN[tag_b],
                body(&mut rng, EN_WORDS, EN_GLUE, 400)
            );
            write(&dir.join("index.en.md"), &en);
        }
    }
}
