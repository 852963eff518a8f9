//! The OpenAPI 3.1 document of `/openapi.json`, generated from the code: the paths
//! and answers from the handlers' `#[utoipa::path]` attributes, the error shapes from
//! their Rust types, and the notice's schema from `vanban::input::notice::Notice` (the schema
//! `vanban schema` prints), its definitions placed under `components/schemas`.

use super::handlers::{Health, Ready, Valid};
use super::issuance::{PacketValid, Prepared};
use super::problem::{FieldError, ProblemDoc};
use serde_json::{json, Value};
use utoipa::OpenApi as _;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "vanban",
        description = "Render Vietnamese official conclusion notices (THÔNG BÁO KẾT LUẬN) from JSON to PDF and DOCX, per Nghị định 30/2020 (nd30) or Hướng dẫn 36-HD/VPTW (hd36). Errors are RFC 9457 problem documents carrying the messages, JSON paths, lines, columns and stable codes of `vanban --message-format json`; their words are in the language `Accept-Language` prefers (Vietnamese, the default, or English).",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        super::handlers::render,
        super::handlers::validate,
        super::batch::batch,
        super::issuance::sign_prepare,
        super::issuance::sign_finish,
        super::issuance::issue,
        super::issuance::issue_prepare,
        super::issuance::issue_finish,
        super::issue_batch::issue_batch,
        super::issuance::edxml,
        super::issuance::edxml_check,
        super::issue_batch::edxml_batch,
        super::handlers::schema,
        super::handlers::openapi,
        super::handlers::healthz,
        super::handlers::readyz,
        super::handlers::metrics,
    ),
    components(schemas(ProblemDoc, FieldError, Valid, Health, Ready, Prepared, PacketValid)),
    tags(
        (name = "notices", description = "Rendering and checking notices"),
        (name = "issuance", description = "Electronic issuance: deferred signing for remote signing services, issuance with the agency's key, edXML packets"),
        (name = "operations", description = "Probes, counters and this document"),
    )
)]
struct Api;

/// The document as JSON text.
pub fn document() -> String {
    let mut doc = serde_json::to_value(Api::openapi()).expect("the OpenAPI document serialises");
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let notice = generator.subschema_for::<vanban::input::notice::Notice>();
    let mut defs = generator.take_definitions(true);
    if !defs.contains_key("Notice") {
        defs.insert("Notice".into(), notice.to_value());
    }
    let schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .expect("components/schemas");
    for (name, schema) in defs {
        schemas.insert(name, schema);
    }
    schemas.insert(
        "Batch".into(),
        json!({
            "description": "A batch file: `base` holds the fields every notice shares and each item is a JSON Merge Patch (RFC 7396) over it; or a plain array of complete notices.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "description": {"type": "string"},
                        "base": {"type": "object"},
                        "items": {"type": "array", "items": {"type": "object"}}
                    },
                    "required": ["items"],
                    "additionalProperties": false
                },
                {"type": "array", "items": {"$ref": "#/components/schemas/Notice"}}
            ]
        }),
    );
    let mut text = serde_json::to_string_pretty(&doc).expect("serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_reference_resolves() {
        let text = super::document();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let mut refs = Vec::new();
        fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, x) in m {
                        if k == "$ref" {
                            out.push(x.as_str().unwrap_or_default().to_string());
                        }
                        walk(x, out);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        walk(&doc, &mut refs);
        assert!(refs.iter().any(|r| r == "#/components/schemas/Notice"));
        for r in refs {
            let ptr = r.strip_prefix('#').expect("local reference");
            assert!(doc.pointer(ptr).is_some(), "{r} does not resolve");
        }
    }
}
