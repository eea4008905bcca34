//! One file per verb of the command line. Each turns its arguments into calls to the stages
//! (load, the outputs, write, serve) and tells the person at the terminal what happened; a
//! command never calls another. `cli.rs` parses the arguments and picks the command.

pub(crate) mod banner;
pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod kit;
pub(crate) mod new;
pub(crate) mod news;
pub(crate) mod serve;
