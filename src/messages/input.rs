//! Messages about the input notice: JSON syntax, fields, types, dates, text, images, with their suggestions.

crate::catalogue! {}
