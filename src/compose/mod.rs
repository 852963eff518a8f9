//! Stage ②, compose: a notice and its profile made into the template's view (number
//! line, date line, headings), the Handlebars templates that turn it into markup, and
//! the sidecar of exchange-envelope fields computed from the same values.

pub mod origin;
pub mod sidecar;
pub mod template;
