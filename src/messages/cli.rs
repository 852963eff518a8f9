//! Messages of the `vanban` program: `--help` lines, usage errors, what a command says when it is done.

crate::catalogue! {}
