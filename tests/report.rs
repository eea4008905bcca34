//! The results report of a campaign year: part I counted from the year's news in every
//! language, as an A4 page and a CSV whose totals are the news' own figures.

mod common;

use common::*;

/// Activities and participants of `year` counted straight from the demo's news files.
fn expected(year: &str) -> (usize, u64) {
    let mut activities = 0;
    let mut participants = 0;
    for e in walkdir::WalkDir::new(repo().join("content/news"))
        .into_iter()
        .flatten()
    {
        let name = e.file_name().to_string_lossy();
        // Default-language files only: `index.md` in bundles, `x.md` beside them.
        let is_default = name == "index.md"
            || (name.ends_with(".md") && name.matches('.').count() == 1 && !name.starts_with('_'));
        if !is_default {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let front = text.split("\n---").next().unwrap();
        if !front
            .lines()
            .any(|l| l.starts_with(&format!("date: {year}")))
        {
            continue;
        }
        activities += 1;
        if let Some(n) = front.lines().find_map(|l| l.strip_prefix("participants:")) {
            participants += n.trim().parse::<u64>().unwrap();
        }
    }
    (activities, participants)
}

#[test]
fn report_counts_the_years_news_in_each_language_and_prints_on_a4() {
    let (_, out) = built_demo();
    let (activities, participants) = expected("2023");
    assert!(
        activities >= 5 && participants > 1000,
        "{activities} {participants}"
    );

    // Thousands grouped as each language writes them: 3.126 in Vietnamese, 3,126 in English.
    let grouped = |n: u64, sep: char| -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(d);
        }
        out
    };
    for (page, total_word, sep) in [
        ("bao-cao/2023", "Tổng cộng", '.'),
        ("en/reports/2023", "Total", ','),
    ] {
        let csv = std::fs::read_to_string(out.join(page).join("report-2023.csv")).unwrap();
        assert!(
            csv.starts_with('\u{feff}'),
            "a BOM so spreadsheets read UTF-8"
        );
        let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        let total = rows.last().unwrap();
        assert_eq!(
            *total,
            format!(",{total_word},,{activities},{participants}"),
            "{page}: {csv}"
        );
        // Unit rows add up to the total; a unit none of whose news gave a number of participants
        // has an empty cell, not 0 (issue #15: "chưa báo cáo", not reported).
        let cells: Vec<&str> = rows[1..rows.len() - 1]
            .iter()
            .map(|r| r.rsplit(',').next().unwrap())
            .collect();
        let sum: u64 = cells.iter().filter_map(|c| c.parse::<u64>().ok()).sum();
        assert_eq!(sum, participants, "{csv}");
        assert_eq!(cells.iter().filter(|c| c.is_empty()).count(), 1, "{csv}");

        let html = parse(&out.join(page).join("index.html"));
        let foot: Vec<String> = select(&html, ".report-units tfoot td")
            .iter()
            .map(|td| td.text().collect::<String>())
            .collect();
        assert_eq!(foot[2], grouped(activities as u64, sep));
        assert_eq!(foot[3], grouped(participants, sep), "{page}");
        // Parts II and III are the office's own text, after part I.
        let text: String = html.root_element().text().collect();
        let (i, ii) = (text.find("I. ").unwrap(), text.find("II. ").unwrap());
        assert!(i < ii);
        assert!(text.contains("III. "));
        let csv_link = select(&html, ".report-actions a[download]");
        assert!(
            csv_link[0]
                .value()
                .attr("href")
                .unwrap()
                .ends_with("report-2023.csv"),
            "the page links its CSV"
        );
    }
    let page = std::fs::read_to_string(out.join("bao-cao/2023/index.html")).unwrap();
    // The theme's stylesheet sets A4 (no <style> in pages, for a strict CSP).
    assert!(!page.contains("<style"), "no inline style");
    let css = std::fs::read_to_string(out.join("css/site.css")).unwrap();
    assert!(css.contains("@page { size: A4"), "prints on A4");
    assert!(
        page.contains("Hội Khuyến học tỉnh Quảng Nam"),
        "units by their Vietnamese names"
    );
}

#[test]
fn the_report_says_who_has_not_reported_counts_in_words_and_prints_in_the_administrative_form() {
    let (_, out) = built_demo();
    for (page, unreported, summary, motto, number, recipients) in [
        (
            "bao-cao/2023",
            "chưa báo cáo",
            "hoạt động của",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 125/BC-SGDĐT",
            "Nơi nhận:",
        ),
        (
            "en/reports/2023",
            "not reported",
            "activities by",
            "SOCIALIST REPUBLIC OF VIET NAM",
            "No.: 125/BC-SGDĐT",
            "Recipients:",
        ),
    ] {
        let html = parse(&out.join(page).join("index.html"));
        let text = |css: &str| -> String {
            select(&html, css)
                .iter()
                .map(|e| e.text().collect::<String>())
                .collect::<Vec<_>>()
                .join("|")
        };
        // The Department's news gave no number of participants: said so, not 0.
        assert_eq!(text(".report-units .unreported"), unreported, "{page}");
        assert!(text(".report > p").contains(summary), "{page}");
        // One activity report without a count: the singular in English.
        if page.starts_with("en") {
            let p = text(".report > p");
            assert!(
                p.contains("1 activity report gave no number of participants and is not in"),
                "{p}"
            );
        }
        // The form of `form:` in the report's front matter, printed around the text.
        let head = text(".report-form-head");
        for part in [motto, number] {
            assert!(head.contains(part), "{page}: {head}");
        }
        let sign = text(".report-form-sign");
        assert!(sign.contains(recipients), "{page}: {sign}");
        assert_eq!(
            select(&html, ".report-form-recipients li").len(),
            4,
            "{page}"
        );
    }
    let vi = parse(&out.join("bao-cao/2023/index.html"));
    let date: String = select(&vi, ".report-form-date")[0].text().collect();
    assert_eq!(date, "Quảng Nam, ngày 20 tháng 10 năm 2023");
    // On screen the form is hidden: the theme shows it only in print.
    let css = std::fs::read_to_string(out.join("css/site.css")).unwrap();
    assert!(
        css.contains(".report-form { display: none; }"),
        "hidden on screen"
    );
    assert!(
        css.contains("@page report-form { size: A4;"),
        "A4 with a binding margin"
    );
}
