//! `loa news new`: a news post's folder for a unit, ready to write in.

use crate::error::Result;

pub(crate) fn run(args: &crate::new::NewsArgs) -> Result<()> {
    let file = crate::new::new_news(args)?;
    let folder = file.parent().unwrap_or(&file);
    say!(
        "created {}\nnext: write the text there, copy the photos into {}/, then run loa serve to see it",
        file.display(),
        folder.display()
    );
    Ok(())
}
