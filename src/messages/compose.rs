//! Messages of composing a notice: profiles, templates, the markup they produce, and the render errors around them.

crate::catalogue! {}
