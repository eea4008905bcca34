// The default theme is compiled into the binary (include_dir); rebuild when any of its files
// changes, including files added to it, which the macro alone does not notice.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
