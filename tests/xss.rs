//! Contributed content is untrusted: a post from a unit not marked `trusted: true` may hold any
//! HTML an editor pastes, and none of it may run script, load frames or restyle the portal. The
//! output is parsed (as a browser would) and checked, not searched for strings; normal Markdown
//! must survive the cleaning, and `loa serve`'s incremental rebuild must clean exactly as a full
//! build does.

mod common;

use std::path::PathBuf;

use common::*;

const POST: &str = STARTER_POST;
const PAGE: &str = STARTER_PAGE;

/// Markdown that must survive, then the attack corpus.
const BODY: &str = r##"
Mở đầu **chữ đậm** và *nghiêng*, [trang Bộ](https://moet.gov.vn/tuan-le "Bộ GD&ĐT"), thư [gửi](mailto:a@b.vn).

## Kế hoạch {#ke-hoach}

- một
- hai

| Lớp | Số học sinh |
|:---:|------------:|
| 6A  | 42          |

![Ảnh lễ phát động](https://example.org/anh.jpg "Lễ phát động")

```rust
fn main() {}
```

> Trích dẫn.

{{ gallery() }}

<script>alert(1)</script>
<SCRIPT SRC=//evil.example/x.js></SCRIPT>
<img src=x onerror=alert(1)>
<IMG SRC="javascript:alert('XSS')">
<img src="jav&#x09;ascript:alert(1)">
<a href="javascript:alert(1)">js</a>
<a href="JaVaScRiPt:alert(1)">js2</a>
<a href="  javascript:alert(1)">js3</a>
<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">entities</a>
<a href="&#x6A;avascript&colon;alert(1)">entities2</a>
<a href="vbscript:msgbox(1)">vb</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">
<svg onload=alert(1)><script>alert(1)</script></svg>
<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">svg link</text></a></svg>
<svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='alert(1)' /&gt;&lt;/svg&gt;#x"></use></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>
<iframe src="https://evil.example"></iframe>
<iframe srcdoc="<script>alert(1)</script>"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:white">overlay</div>
<p style="display:none">hidden</p>
<td style="text-align: center; display: none">cell</td>
<div class="visually-hidden">class trick</div>
<div onmouseover="alert(1)">hover</div>
<details open ontoggle=alert(1)><summary>s</summary></details>
<b <script>alert(1)</script>>broken</b>
<<script>script>alert(1)<</script>/script>
<scr<script>ipt>alert(1)</script>
<a href="https://ok.example" onclick="alert(1)">click</a>
<form action="javascript:alert(1)"><input name=x onfocus=alert(1) autofocus><button formaction="javascript:alert(1)">go</button></form>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<link rel=stylesheet href=https://evil.example/x.css>
<style>body{display:none}</style>
<base href="https://evil.example/">
<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>
<!--<script>alert(1)</script>-->
<!--loa-shortcode:0--><a title="<!--loa-shortcode:0-->">forged placeholder</a>
<div><p>unclosed <em>nested <strong>tags
<table><tr><td><a href="javascript:alert(1)">in table</a>

[md js link](javascript:alert(1))
[md data link](data:text/html,alert)
![md js img](javascript:alert(1))
"##;

/// What an attack could use in the built HTML of `doc`. Returns readable findings.
fn executable_parts(doc: &scraper::Html) -> Vec<String> {
    let mut found = Vec::new();
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        // The theme's own site header (its search form) is the theme's, not contributed; an
        // attack can only arrive inside the page content, which is never in the header.
        if in_site_header(el) || is_report_print_button(el) {
            continue;
        }
        let v = el.value();
        let name = v.name();
        match name {
            // The theme's own script is an external file; nothing else may be a script.
            "script" => {
                let theme = v.attr("src").is_some_and(|s| s.ends_with("/js/site.js"))
                    && el.text().all(|t| t.trim().is_empty());
                if !theme {
                    found.push(format!("script: {}", el.html()));
                }
            }
            "iframe" | "frame" | "object" | "embed" | "svg" | "math" | "form" | "input"
            | "button" | "base" | "noscript" | "applet" => {
                found.push(format!("<{name}>: {}", el.html()))
            }
            // The theme's Content-Security-Policy in <head> only takes powers away; any other
            // http-equiv (a refresh), or one in the body where content lands, could be an attack.
            "meta"
                if v.attr("http-equiv").is_some_and(|h| {
                    !h.eq_ignore_ascii_case("content-security-policy") || in_body(el)
                }) =>
            {
                found.push(format!("meta http-equiv: {}", el.html()))
            }
            "style" | "link" if in_body(el) => found.push(format!("<{name}> in body")),
            _ => {}
        }
        for (attr, value) in v.attrs() {
            if attr.starts_with("on") {
                found.push(format!("<{name} {attr}>"));
            }
            if attr == "style" || attr == "srcdoc" {
                found.push(format!("<{name} {attr}=\"{value}\">"));
            }
            if matches!(
                attr,
                "href"
                    | "src"
                    | "srcset"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "poster"
                    | "background"
                    | "cite"
            ) {
                // Browsers ignore ASCII whitespace and control characters in a scheme.
                let scheme: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| scheme.starts_with(s))
                {
                    found.push(format!("<{name} {attr}=\"{value}\">"));
                }
            }
        }
    }
    found
}

/// Inside the theme's `<body> > header.site-header`, outside any `<main>` or `<article>`.
fn in_site_header(el: scraper::ElementRef) -> bool {
    let mut ancestors = el.ancestors().filter_map(scraper::ElementRef::wrap);
    ancestors.any(|a| {
        a.value().name() == "header"
            && a.value().classes().any(|c| c == "site-header")
            && a.parent()
                .and_then(scraper::ElementRef::wrap)
                .is_some_and(|p| p.value().name() == "body")
    })
}

/// The theme's "print the report" button: the only element of a results report's actions bar
/// (`reports_page.html`) that is a button, and above the page's Markdown, not in it.
fn is_report_print_button(el: scraper::ElementRef) -> bool {
    let parent = el.parent().and_then(scraper::ElementRef::wrap);
    el.value().name() == "button"
        && el.value().attr("data-print").is_some()
        && parent.is_some_and(|p| {
            p.value().classes().any(|c| c == "report-actions")
                && p.parent()
                    .and_then(scraper::ElementRef::wrap)
                    .is_some_and(|s| s.value().classes().any(|c| c == "report"))
        })
}

fn in_body(el: scraper::ElementRef) -> bool {
    el.ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .any(|a| a.value().name() == "body")
}

#[test]
fn an_untrusted_units_post_publishes_no_executable_html() {
    let dir = starter_site();
    let site = dir.path().join("site");
    write_png(&site.join("content/news/2023-10-02-le-phat-dong/anh.png"));
    let out = site.join("public");

    // Built once clean, then the attack arrives as an edit: `loa serve`'s incremental path.
    let (_, session) = loa::build_session(&build_args(&site, &out)).unwrap();
    let mut session = session.expect("a session");
    set_starter_body(&site, BODY);
    let rebuilt = session.update(&[PathBuf::from(POST)]).unwrap();
    assert!(rebuilt.is_some(), "a body edit is rebuilt incrementally");
    let incremental = std::fs::read(out.join(PAGE)).unwrap();

    let scratch = dir.path().join("full");
    loa::build(&build_args(&site, &scratch)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&incremental),
        String::from_utf8_lossy(&std::fs::read(scratch.join(PAGE)).unwrap()),
        "an incremental rebuild must sanitise exactly as a full build"
    );

    let doc = parse(&out.join(PAGE));
    let bad = executable_parts(&doc);
    assert!(
        bad.is_empty(),
        "executable HTML reached the portal:\n{bad:#?}"
    );

    // Normal formatting survives.
    let prose = |css: &str| select(&doc, &format!(".prose {css}"));
    assert_eq!(prose("strong")[0].text().collect::<String>(), "chữ đậm");
    assert_eq!(prose("em")[0].text().collect::<String>(), "nghiêng");
    assert_eq!(select(&doc, ".prose > ul > li").len(), 2);
    assert_eq!(prose("table thead th").len(), 2);
    assert_eq!(prose("table tbody td")[0].text().collect::<String>(), "6A");
    let link = prose("a[href='https://moet.gov.vn/tuan-le']");
    assert_eq!(link.len(), 1, "the Markdown link survives");
    assert_eq!(link[0].value().attr("title"), Some("Bộ GD&ĐT"));
    assert_eq!(prose("a[href='mailto:a@b.vn']").len(), 1);
    let img = prose("img[src='https://example.org/anh.jpg']");
    assert_eq!(img.len(), 1, "the Markdown image survives");
    assert_eq!(img[0].value().attr("alt"), Some("Ảnh lễ phát động"));
    assert_eq!(prose("h2#ke-hoach").len(), 1, "headings keep their ids");
    assert_eq!(prose("pre code.language-rust").len(), 1);
    assert_eq!(prose("blockquote").len(), 1);
    // The shortcode still works for an untrusted unit, once, where it was written.
    assert_eq!(prose(".gallery img").len(), 1);
    // Harmless text of removed elements stays readable.
    let text: String = select(&doc, ".prose")[0].text().collect();
    for kept in [
        "overlay",
        "hover",
        "in table",
        "md js link",
        "forged placeholder",
    ] {
        assert!(text.contains(kept), "`{kept}` lost from:\n{text}");
    }
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let path = site.join(POST);
    let text = std::fs::read_to_string(&path).unwrap();
    let evil = "<img src=x onerror=alert(1)><script>alert(1)</script>";
    let text = text
        .replace(
            "title: Lễ phát động Tuần lễ hưởng ứng học tập suốt đời",
            &format!("title: \"Lễ {evil}\""),
        )
        .replace(
            "summary: Trường",
            &format!("summary: \"\\\" onmouseover=alert(1) {evil}\" #"),
        )
        .replace("tags: [phát động]", "tags: [\"<b onclick=alert(1)>x</b>\"]");
    std::fs::write(&path, text).unwrap();
    let out = site.join("public");
    build(&site, &out, None);

    let mut checked = 0;
    for file in html_files(&out) {
        // The search page is the theme's form and script only; results are drawn in the
        // browser from the JSON index (tests/search.rs).
        if file.ends_with("tim-kiem/index.html") || file.ends_with("en/search/index.html") {
            continue;
        }
        let doc = parse(&file);
        let bad = executable_parts(&doc);
        assert!(bad.is_empty(), "{}: {bad:#?}", file.display());
        checked += 1;
    }
    assert!(checked > 10);
    // The title is shown as text, exactly as written.
    let doc = parse(&out.join(PAGE));
    let h1: String = select(&doc, "h1")[0].text().collect();
    assert_eq!(h1, format!("Lễ {evil}"));
    // Feeds are XML: parsing them proves the markup did not break out of its element.
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let xml = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&format!("Lễ {evil}").as_str()),
        "{titles:?}"
    );
    assert!(!xml.descendants().any(|n| n.has_tag_name("script")));
}

#[test]
fn a_trusted_units_html_is_published_as_written() {
    let dir = starter_site();
    let site = dir.path().join("site");
    trust_starter_school(&site);
    set_starter_body(
        &site,
        "<div class=\"callout\" style=\"text-align:center\">Bản đồ</div>\n",
    );
    let out = site.join("public");
    build(&site, &out, None);
    let doc = parse(&out.join(PAGE));
    let callout = select(&doc, ".prose div.callout");
    assert_eq!(callout.len(), 1, "a trusted unit's HTML is kept");
    assert_eq!(callout[0].value().attr("style"), Some("text-align:center"));
}
