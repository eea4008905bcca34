fn main() {
    let args = loa::BuildArgs {
        root: ".".into(),
        output: None,
        base_url: None,
        drafts: false,
        today: None,
        colour: None,
    };
    let (site, theme) = loa::load(&args).unwrap();
    let studio = loa::artwork::Studio::new(&site, &theme).unwrap();
    for job in studio.jobs(&site).unwrap() {
        let page = &site.pages[job.page];
        if !page
            .rel
            .to_string_lossy()
            .contains("2022-xay-dung-xa-hoi-hoc-tap.md")
        {
            continue;
        }
        let f = &studio.formats()[job.format];
        if f.name != "co-phuon" {
            continue;
        }
        let c = studio.compose(&site, &job).unwrap();
        for (name, b) in &c.boxes {
            println!(
                "{name}: size {} {:?}",
                b.size,
                b.lines
                    .iter()
                    .map(|l| (l.text.clone(), l.y))
                    .collect::<Vec<_>>()
            );
        }
    }
}
