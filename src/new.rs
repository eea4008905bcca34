//! `loa new DIR`: writes a small working site. The starter sites live in the default theme
//! (`themes/default/starters/<campaign>/`), compiled into the binary, so they are content a theme
//! author can change, not strings in the code. Each runs one campaign: its site.yaml gives the
//! campaign profile, and its content is sample content marked as such.

use std::path::Path;

use crate::content::units::Units;
use crate::error::{Error, IoContext, Location, Result};
use crate::theme::embedded;
use crate::types::UnitId;

/// Creates the starter site of `campaign` (a folder of the theme's `starters/`; when `None`, the
/// one the theme's campaign.yaml names as its own) in `dir`, which must be missing or empty;
/// returns the files written.
pub fn new_site(dir: &Path, campaign: Option<&str>) -> Result<usize> {
    let starters = embedded("starters")
        .ok_or_else(|| Error::Other("the built-in theme has no starter sites".into()))?;
    let own = crate::theme::embedded_profile()?.starter;
    let Some(name) = campaign.or(own.as_deref()) else {
        return Err(Error::Other(
            "the built-in theme's campaign.yaml names no `starter:`; pass --campaign".into(),
        ));
    };
    let Some(starter) = starters.get_dir(name) else {
        let names: Vec<&str> = starters
            .dirs()
            .filter_map(|d| d.path().file_name()?.to_str())
            .collect();
        let listed = names.join(", ");
        let hint = match crate::text::closest(name, names.iter().copied()).first() {
            Some(n) => format!("did you mean `{n}`? The starters are: {listed}"),
            None => format!("the starters are: {listed}"),
        };
        return Err(Error::Other(format!(
            "--campaign {name}: loa has no starter site of that name; {hint}"
        )));
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).at(dir)?;
        if entries.next().is_some() {
            return Err(Error::Other(format!(
                "{} exists and is not empty; loa new only writes into a new or empty folder, so nothing was changed",
                dir.display()
            )));
        }
    }
    let mut written = 0;
    let mut stack = vec![starter];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            let rel = f.path().strip_prefix(starter.path()).unwrap_or(f.path());
            let target = dir.join(rel);
            crate::write::replace(&target, f.contents()).at(&target)?;
            written += 1;
        }
        stack.extend(d.dirs());
    }
    if written == 0 {
        return Err(Error::Other(
            "the built-in theme's starter site is empty".into(),
        ));
    }
    Ok(written)
}

/// What `loa news new` needs to start a post.
pub(crate) struct NewsArgs<'a> {
    pub(crate) root: &'a Path,
    pub(crate) unit: &'a str,
    /// Language of the post; the site's first language when not given.
    pub(crate) lang: Option<&'a str>,
    /// Date of the activity; today when not given.
    pub(crate) date: Option<crate::types::Date>,
    pub(crate) title: &'a str,
}

/// Longest folder name made from a title: long Vietnamese titles make unwieldy URLs.
const SLUG_MAX: usize = 60;

/// `loa news new`: creates `content/news/<date>-<slug>/` with an index file whose front matter is
/// filled in and explains itself, so a school's editor only writes the text and drops photos in.
/// Returns the file written. Never replaces anything: an existing folder is an error.
pub(crate) fn new_news(args: &NewsArgs) -> Result<std::path::PathBuf> {
    let config = crate::config::Config::load(args.root)?;
    let lang = match args.lang {
        None => config.default_lang().clone(),
        Some(l) => match crate::types::Lang::parse(l).filter(|_| config.has_lang(l)) {
            Some(lang) => lang,
            None => {
                let known: Vec<String> = config.langs().map(|l| l.to_string()).collect();
                return Err(Error::config(
                    Location::file("site.yaml"),
                    format!("--lang {l}: the site has no language `{l}`"),
                    format!("use one of: {}", known.join(", ")),
                ));
            }
        },
    };
    let units_rel = Path::new("content").join(crate::content::units::UNITS_FILE);
    let units_abs = args.root.join(&units_rel);
    let units = if units_abs.is_file() {
        Units::load(&units_abs, &units_rel)?
    } else {
        Units::default()
    };
    let unit = UnitId::parse(args.unit).filter(|u| units.get(u).is_some());
    let Some(unit) = unit else {
        return Err(Error::content(
            Location::file(&units_rel),
            format!("--unit {}: no such unit in the units registry", args.unit),
            crate::content::units::unknown_hint(&units, args.unit),
        ));
    };
    let title = crate::text::nfc(args.title.trim());
    let mut slug = crate::text::slugify(&title);
    if slug.len() > SLUG_MAX {
        let cut = slug[..SLUG_MAX].rfind('-').unwrap_or(SLUG_MAX);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        return Err(Error::Other(format!(
            "the title `{}` has no letters or digits to make a folder name from; give the post a title in words",
            args.title
        )));
    }
    let date = args.date.unwrap_or_else(crate::load::today);
    let folder_rel = Path::new("content/news").join(format!("{date}-{slug}"));
    let folder = args.root.join(&folder_rel);
    // A site with the CMS names the default language's file too, as the CMS form writes it and
    // must find it to open the post (see `cms::editable`); loa reads both names the same.
    let file_name = if &lang == config.default_lang() && config.cms.is_none() {
        "index.md".to_string()
    } else {
        format!("index.{lang}.md")
    };
    if folder.exists() {
        let hint = if folder.join(&file_name).exists() {
            format!(
                "edit {} instead, or give the new post another title",
                folder_rel.join(&file_name).display()
            )
        } else {
            format!(
                "give the new post another title; to translate the post that is there, add {file_name} to its folder by hand"
            )
        };
        return Err(Error::content(
            Location::file(&folder_rel),
            "a post's folder with this date and title already exists; nothing was changed",
            hint,
        ));
    }
    let text = news_template(&lang, &title, date, &unit);
    std::fs::create_dir_all(&folder).at(&folder_rel)?;
    let file = folder.join(&file_name);
    // Even if the folder appeared since the check above, nothing is overwritten.
    crate::write::create_new(&file, text.as_bytes()).at(folder_rel.join(&file_name))?;
    Ok(folder_rel.join(file_name))
}

/// A YAML double-quoted string: titles often hold `:` and quotes.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The new post's file. The guide is YAML comments in the front matter: editors read it where
/// they write, and comments never reach the portal.
fn news_template(
    lang: &crate::types::Lang,
    title: &str,
    date: crate::types::Date,
    unit: &UnitId,
) -> String {
    let vi = lang.as_str() == "vi";
    let guide = if vi {
        "# Tin hoạt động của đơn vị. Hướng dẫn:\n\
         # - title: tiêu đề tin; date: ngày diễn ra hoạt động (YYYY-MM-DD); unit: mã đơn vị, không sửa.\n\
         # - summary: một hai câu tóm tắt (hiện trong danh sách tin); tags: vài từ khóa, ví dụ [văn hóa đọc, tự học].\n\
         # - Ảnh: chép ảnh (.jpg, .png) vào cùng thư mục với tệp này; ảnh tự hiện cuối bài.\n\
         #   Muốn đặt ảnh giữa bài, viết {{ gallery() }} trên một dòng riêng.\n\
         # - Chú thích ảnh: thêm dòng `tên-ảnh.jpg: \"Chú thích\"` dưới captions (chú thích cũng là mô tả cho người khiếm thị).\n\
         # - cover: ảnh đại diện của tin (một tệp trong thư mục này); participants: số người tham gia.\n\
         # Viết nội dung bên dưới dòng --- cuối cùng, bằng Markdown: **đậm**, *nghiêng*, - danh sách, [liên kết](https://...).\n"
    } else {
        "# News of your unit's activity. Guide:\n\
         # - title: the headline; date: the day of the activity (YYYY-MM-DD); unit: your unit's id, leave it as is.\n\
         # - summary: a sentence or two shown in news lists; tags: a few keywords, e.g. [reading, self-study].\n\
         # - Photos: copy photos (.jpg, .png) into this folder, next to this file; they show at the end of the post.\n\
         #   To place them inside the text, write {{ gallery() }} on a line of its own.\n\
         # - Captions: add a line `photo-name.jpg: \"Caption\"` under captions (a caption is also the photo's description for blind readers).\n\
         # - cover: the post's picture in lists (a file in this folder); participants: how many people took part.\n\
         # Write the text below the last --- line, in Markdown: **bold**, *italic*, - lists, [links](https://...).\n"
    };
    let body = if vi {
        "Viết nội dung tin ở đây: hoạt động gì, ở đâu, ai tham gia, kết quả ra sao.\n"
    } else {
        "Write the news here: what happened, where, who took part, and what came of it.\n"
    };
    format!(
        "---\n{guide}title: {}\ndate: {date}\nunit: {unit}\nsummary: \"\"\ntags: []\ncaptions: {{}}\n# cover: anh-1.jpg\n# participants: 100\n---\n\n{body}",
        yaml_quoted(title)
    )
}
