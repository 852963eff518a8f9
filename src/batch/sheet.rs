//! Spreadsheet batches: one notice per row of an XLSX, ODS or CSV file.
//!
//! The first non-empty row names the fields, one per column, by dotted paths of the
//! notice (`ward`, `number`, `meeting.date`, `meeting.chair.name`). Lists are filled
//! in two ways:
//!
//! - by position: `body.tasks[0].text`, `body.tasks[0].owner`, `recipients[2]`
//!   (counted from 0, as in the JSON paths of error messages);
//! - a whole list of strings from one cell: `recipients[]`, one entry per line of the
//!   cell (Alt+Enter in Excel, Ctrl+Enter in LibreOffice).
//!
//! A list the row fills replaces the base's list, as an array in a JSON batch item
//! does; its entries are taken in order and the empty ones left out (a ward with two
//! tasks leaves the third task's cells empty). An empty cell leaves the base's value.
//! A column whose header starts with `#` is a note for people and is not read.
//!
//! Each cell is read as what it holds: a date cell is a date (`2024-03-15`, not
//! 45366), a whole number in a numeric cell is a number, and text is text. The
//! column's field decides what is wanted: a text cell `125` in the `number` column
//! (every cell of a CSV is text) is the number 125, a numeric cell in a text field is
//! its digits. A cell that cannot be what its column names fails its row, naming the
//! cell (`Sheet1!C7 (number): …`); the other rows are rendered.
//!
//! This module only reads: each row becomes a JSON merge patch with the cells it came
//! from ([`crate::batch::RowItem`]), and [`crate::batch::run_rows`] renders them as a
//! JSON batch's items.

use crate::batch::{Origin, RowItem, RowProblem};
use crate::messages::batch as msg;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A spreadsheet larger than this is refused unread: a province's wards are a few
/// hundred rows, tens of kilobytes.
pub const MAX_SHEET_BYTES: u64 = 32 << 20;

/// Rows past this are refused (a province has at most a few thousand wards and
/// communes).
pub const MAX_ROWS: usize = 100_000;

/// One cell as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, as typed.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number with a fraction (or a spreadsheet's date serial).
    Float(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date cell: year, month, day, and whether it also holds a time of day.
    Date(u16, u8, u8, bool),
    /// A cell whose formula failed (`#REF!`, `#DIV/0!`).
    Error(String),
}

/// The used part of one sheet: the cells, and where they lie in the sheet.
pub struct Table {
    /// The sheet's name (a CSV's is its file name without the extension).
    pub sheet: String,
    /// Row and column of `cells[0][0]` in the sheet, from 0.
    pub origin: (usize, usize),
    /// The rows under the header, each a list of cells.
    pub cells: Vec<Vec<Cell>>,
}

/// `A`, `B`, …, `Z`, `AA` for a column counted from 0.
pub fn column_name(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// Sheet names with spaces or punctuation are quoted, as spreadsheets write them
/// (`'Phường xã'!C7`).
fn sheet_ref(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// Read the sheet `sheet` (default: the first) of an XLSX/ODS workbook, or a CSV.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    let meta = std::fs::metadata(path).map_err(msg::cannot_read)?;
    if !meta.is_file() {
        return Err(msg::sheet_not_a_file());
    }
    if meta.len() > MAX_SHEET_BYTES {
        return Err(msg::sheet_too_large(MAX_SHEET_BYTES >> 20));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let table = match ext.as_str() {
        "csv" | "tsv" | "txt" => {
            if sheet.is_some() {
                return Err(msg::csv_has_no_sheets());
            }
            let bytes = std::fs::read(path).map_err(msg::cannot_read)?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            read_csv(&bytes, &name)?
        }
        "xlsx" | "xlsm" | "ods" => read_workbook(path, sheet)?,
        _ => return Err(msg::not_a_spreadsheet()),
    };
    if table.cells.len() > MAX_ROWS {
        return Err(msg::too_many_rows(table.cells.len(), MAX_ROWS));
    }
    Ok(table)
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).map_err(msg::unreadable_spreadsheet)?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| msg::no_such_sheet(s, names.join(", ")))?,
        None => names.first().cloned().ok_or_else(msg::no_sheet)?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| msg::unreadable_sheet(&name, e))?;
    let origin = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let cells = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Empty => Cell::Empty,
                    Data::String(s) => Cell::Text(s.clone()),
                    Data::Int(i) => Cell::Int(*i),
                    Data::Float(f) => Cell::Float(*f),
                    Data::Bool(b) => Cell::Bool(*b),
                    Data::DateTime(dt) if dt.is_datetime() => {
                        let (y, m, d, h, min, s, ms) = dt.to_ymd_hms_milli();
                        Cell::Date(y, m, d, (h, min, s, ms) != (0, 0, 0, 0))
                    }
                    // A duration (`[hh]:mm`) is no date: its number, as shown.
                    Data::DateTime(dt) => Cell::Float(dt.as_f64()),
                    Data::DateTimeIso(s) => iso_cell(s),
                    Data::DurationIso(s) => Cell::Text(s.clone()),
                    Data::Error(e) => Cell::Error(e.to_string()),
                })
                .collect()
        })
        .collect();
    Ok(Table {
        sheet: name,
        origin,
        cells,
    })
}

/// An ODS date cell (`2024-03-15` or `2024-03-15T08:30:00`).
fn iso_cell(s: &str) -> Cell {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    match crate::input::date::Date::parse(date) {
        Ok(d) => {
            let midnight = time.is_empty() || time.trim_start_matches(['0', ':', '.']).is_empty();
            Cell::Date(d.year, d.month, d.day, !midnight)
        }
        Err(_) => Cell::Text(s.to_string()),
    }
}

/// A CSV as Excel and LibreOffice save it: UTF-8 (a byte order mark is skipped),
/// separated by `,`, `;` (Excel's choice where the decimal separator is a comma, as
/// in Vietnam) or a tab, whichever the header line holds most of.
fn read_csv(bytes: &[u8], name: &str) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| {
            // Ties go to the first (the comma).
            (
                first_line.iter().filter(|b| *b == d).count(),
                usize::from(*d == b','),
            )
        })
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut cells = Vec::new();
    for (i, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| msg::csv_row_error(i + 1, e))?;
        let mut row = Vec::with_capacity(record.len());
        for (c, field) in record.iter().enumerate() {
            let text = std::str::from_utf8(field).map_err(|_| {
                msg::csv_not_utf8(format!("{}!{}{}", sheet_ref(name), column_name(c), i + 1))
            })?;
            row.push(if text.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text.to_string())
            });
        }
        cells.push(row);
        if cells.len() > MAX_ROWS {
            break;
        }
    }
    Ok(Table {
        sheet: name.to_string(),
        origin: (0, 0),
        cells,
    })
}

/// What a column's field wants, from the notice's JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Text,
    Integer,
    Number,
    Bool,
}

/// One step of a header's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
    /// `[]`: the whole list of strings, one entry per line of the cell.
    Lines,
}

/// A column that is read: its path, what it wants, its cell letters.
struct Column {
    col: usize,
    steps: Vec<Step>,
    want: Want,
}

/// Parse `meeting.chair.name`, `body.tasks[0].text`, `recipients[]`.
fn parse_header(h: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for part in h.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return Err(msg::header_name_missing());
        }
        steps.push(Step::Key(key.to_string()));
        while let Some(r) = rest.strip_prefix('[') {
            let (inside, after) = r.split_once(']').ok_or_else(msg::header_bracket_open)?;
            if inside.is_empty() {
                steps.push(Step::Lines);
            } else {
                let n: usize = inside
                    .trim()
                    .parse()
                    .map_err(|_| msg::header_bad_position(inside))?;
                steps.push(Step::Index(n));
            }
            rest = after;
        }
        if !rest.is_empty() {
            return Err(msg::header_after_bracket(rest));
        }
    }
    if let Some(i) = steps.iter().position(|s| *s == Step::Lines) {
        if i + 1 != steps.len() {
            return Err(msg::header_lines_last());
        }
    }
    Ok(steps)
}

/// Walks the notice's JSON Schema along a header's path.
struct Schema {
    root: Value,
}

impl Schema {
    fn new() -> Schema {
        let root = serde_json::to_value(schemars::schema_for!(crate::input::notice::Notice))
            .expect("the schema serialises");
        Schema { root }
    }

    /// Follow `$ref` and the `anyOf [T, null]` of optional fields.
    fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        for _ in 0..16 {
            if let Some(r) = node.get("$ref").and_then(Value::as_str) {
                let name = r.rsplit('/').next().unwrap_or_default();
                match self.root.get("$defs").and_then(|d| d.get(name)) {
                    Some(n) => node = n,
                    None => return node,
                }
            } else if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
                match any
                    .iter()
                    .find(|n| n.get("type") != Some(&Value::from("null")))
                {
                    Some(n) => node = n,
                    None => return node,
                }
            } else {
                return node;
            }
        }
        node
    }

    fn types(node: &Value) -> Vec<&str> {
        match node.get("type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// What the field at `steps` wants, or why no such field exists.
    fn want(&self, steps: &[Step]) -> Result<Want, String> {
        let mut node = self.resolve(&self.root);
        let mut at = String::new();
        for step in steps {
            let types = Self::types(node);
            match step {
                Step::Key(k) => {
                    let props = node.get("properties").and_then(Value::as_object);
                    let Some(props) = props.filter(|_| types.contains(&"object")) else {
                        return Err(msg::header_no_fields(&at, k));
                    };
                    match props.get(k) {
                        Some(n) => node = self.resolve(n),
                        None => {
                            let names: Vec<&str> = props.keys().map(String::as_str).collect();
                            let mut text = if at.is_empty() {
                                msg::header_unknown_field(k)
                            } else {
                                msg::header_unknown_field_in(k, &at)
                            };
                            if let Some(best) = crate::input::messages::closest(k, &names) {
                                text.push_str(&msg::did_you_mean(best));
                            }
                            text.push_str(&msg::allowed_here(names.join(", ")));
                            return Err(text);
                        }
                    }
                    if !at.is_empty() {
                        at.push('.');
                    }
                    at.push_str(k);
                }
                Step::Index(_) | Step::Lines => {
                    if !types.contains(&"array") {
                        return Err(msg::header_not_a_list(&at));
                    }
                    node = self.resolve(node.get("items").unwrap_or(&Value::Null));
                    if *step == Step::Lines && !Self::types(node).contains(&"string") {
                        return Err(msg::header_lines_of_texts_only(&at));
                    }
                    at.push_str("[]");
                }
            }
        }
        let types = Self::types(node);
        if types.contains(&"object") || types.contains(&"array") {
            return Err(msg::header_several_fields(&at));
        }
        Ok(if types.contains(&"integer") {
            Want::Integer
        } else if types.contains(&"number") {
            Want::Number
        } else if types.contains(&"boolean") {
            Want::Bool
        } else {
            Want::Text
        })
    }
}

/// Turn the table into one merge patch per row. An `Err` is a fault of the whole
/// file (its header row), found before anything is rendered.
pub fn items(table: &Table) -> Result<Vec<RowItem>, String> {
    let sheet = sheet_ref(&table.sheet);
    let cell_name = |r: usize, c: usize| {
        format!(
            "{sheet}!{}{}",
            column_name(table.origin.1 + c),
            table.origin.0 + r + 1
        )
    };
    let is_empty = |c: &Cell| match c {
        Cell::Empty => true,
        Cell::Text(t) => t.trim().is_empty(),
        _ => false,
    };
    let Some(header_row) = table.cells.iter().position(|r| !r.iter().all(is_empty)) else {
        return Err(msg::sheet_empty(&sheet));
    };
    let schema = Schema::new();
    let mut columns = Vec::new();
    let mut notes = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (c, cell) in table.cells[header_row].iter().enumerate() {
        let header = match cell {
            Cell::Empty => continue,
            Cell::Text(t) => t.trim().to_string(),
            other => return Err(msg::header_not_text(cell_name(header_row, c), shown(other))),
        };
        if header.is_empty() {
            continue;
        }
        if header.starts_with('#') {
            notes.push(c);
            continue;
        }
        let steps = parse_header(&header)
            .map_err(|e| msg::header_cell(cell_name(header_row, c), &header, e))?;
        let want = schema
            .want(&steps)
            .map_err(|e| msg::header_cell(cell_name(header_row, c), &header, e))?;
        let key = header.replace(' ', "");
        if let Some(first) = seen.insert(key, c) {
            return Err(msg::header_twice(
                cell_name(header_row, c),
                &header,
                cell_name(header_row, first),
            ));
        }
        columns.push(Column {
            col: c,
            steps,
            want,
        });
    }
    if columns.is_empty() {
        return Err(msg::header_row_empty(cell_name(header_row, 0)));
    }
    // A filled cell under no header would be text silently dropped.
    for (r, row) in table.cells.iter().enumerate().skip(header_row + 1) {
        for (c, cell) in row.iter().enumerate() {
            let named = columns.iter().any(|k| k.col == c) || notes.contains(&c);
            if !named && !is_empty(cell) {
                return Err(msg::column_without_header(
                    cell_name(r, c),
                    cell_name(header_row, c),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (r, row) in table.cells.iter().enumerate().skip(header_row + 1) {
        let filled: Vec<&Column> = columns
            .iter()
            .filter(|k| row.get(k.col).is_some_and(|c| !is_empty(c)))
            .collect();
        if filled.is_empty() {
            continue;
        }
        let mut tree = Node::Object(BTreeMap::new());
        let mut problems = Vec::new();
        for k in filled {
            let cell = &row[k.col];
            let name = cell_name(r, k.col);
            match value_of(cell, k.want, k.steps.last() == Some(&Step::Lines)) {
                Ok(v) => tree.set(&k.steps, v, name),
                Err(message) => {
                    problems.push(RowProblem {
                        path: written(&k.steps),
                        message,
                    });
                    tree.set(&k.steps, Value::Null, name);
                }
            }
        }
        let mut cells = Vec::new();
        let value = tree.into_value(&mut String::new(), &mut cells);
        out.push(RowItem {
            origin: Origin {
                row: table.origin.0 + r + 1,
                cells,
            },
            patch: value,
            problems,
        });
    }
    Ok(out)
}

/// `body.tasks[0].text` (as the header wrote it).
fn written(steps: &[Step]) -> String {
    let mut s = String::new();
    for step in steps {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
            Step::Lines => {}
        }
    }
    s
}

/// How a cell is named in a message.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => msg::shown_nothing(),
        Cell::Text(t) => msg::shown_text(t),
        Cell::Int(i) => msg::shown_number(i),
        Cell::Float(f) => msg::shown_number(f),
        Cell::Bool(b) => msg::shown_value(if *b { "TRUE" } else { "FALSE" }),
        Cell::Date(y, m, d, _) => msg::shown_date(format!("{y:04}-{m:02}-{d:02}")),
        Cell::Error(e) => msg::shown_error(e),
    }
}

/// A whole number as text (`125`, not `125.0`).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// The JSON value of a cell for a field that wants `want`.
fn value_of(cell: &Cell, want: Want, lines: bool) -> Result<Value, String> {
    if let Cell::Error(e) = cell {
        return Err(msg::cell_formula_error(e));
    }
    if let Cell::Date(y, m, d, with_time) = cell {
        if want != Want::Text {
            return Err(msg::cell_date_for_number(format!("{y:04}-{m:02}-{d:02}")));
        }
        if *with_time {
            return Err(msg::cell_date_with_time(format!("{y:04}-{m:02}-{d:02}")));
        }
        let text = format!("{y:04}-{m:02}-{d:02}");
        return Ok(if lines {
            Value::from(vec![text])
        } else {
            Value::from(text)
        });
    }
    match want {
        Want::Text => {
            let text = match cell {
                Cell::Text(t) => t.clone(),
                Cell::Int(i) => i.to_string(),
                Cell::Float(f) => number_text(*f),
                Cell::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
                Cell::Empty | Cell::Date(..) | Cell::Error(_) => String::new(),
            };
            if lines {
                let entries: Vec<Value> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(Value::from)
                    .collect();
                Ok(Value::Array(entries))
            } else {
                Ok(Value::from(text))
            }
        }
        Want::Integer => match cell {
            Cell::Int(i) => Ok(Value::from(*i)),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(Value::from(*f as i64)),
            Cell::Text(t) => t
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| msg::cell_not_whole(t.trim())),
            other => Err(msg::cell_holds_wants_whole(shown(other))),
        },
        Want::Number => match cell {
            Cell::Int(i) => Ok(Value::from(*i)),
            Cell::Float(f) => Ok(Value::from(*f)),
            Cell::Text(t) => {
                let t = t.trim();
                // A decimal comma (35,5) as Vietnamese writes it.
                let dotted = if t.contains('.') {
                    t.to_string()
                } else {
                    t.replace(',', ".")
                };
                dotted
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(Value::from)
                    .ok_or_else(|| msg::cell_not_number(t))
            }
            other => Err(msg::cell_holds_wants_number(shown(other))),
        },
        Want::Bool => match cell {
            Cell::Bool(b) => Ok(Value::from(*b)),
            Cell::Text(t) => match t.trim().to_lowercase().as_str() {
                "true" | "yes" | "có" | "1" => Ok(Value::from(true)),
                "false" | "no" | "không" | "0" => Ok(Value::from(false)),
                _ => Err(msg::cell_not_yes_no(t)),
            },
            other => Err(msg::cell_holds_wants_yes_no(shown(other))),
        },
    }
}

/// The patch of one row as it is built: lists by position, compacted at the end.
enum Node {
    Object(BTreeMap<String, Node>),
    List(BTreeMap<usize, Node>),
    Leaf(Value, String),
}

impl Node {
    fn set(&mut self, steps: &[Step], value: Value, cell: String) {
        let Some((first, rest)) = steps.split_first() else {
            *self = Node::Leaf(value, cell);
            return;
        };
        if *first == Step::Lines {
            *self = Node::Leaf(value, cell);
            return;
        }
        let child = match (first, &mut *self) {
            (Step::Key(k), Node::Object(m)) => m
                .entry(k.clone())
                .or_insert_with(|| Node::Object(BTreeMap::new())),
            (Step::Index(i), Node::List(m)) => {
                m.entry(*i).or_insert_with(|| Node::Object(BTreeMap::new()))
            }
            (Step::Index(i), node) => {
                *node = Node::List(BTreeMap::new());
                let Node::List(m) = node else { unreachable!() };
                m.entry(*i).or_insert_with(|| Node::Object(BTreeMap::new()))
            }
            (_, node) => {
                *node = Node::Object(BTreeMap::new());
                return node.set(steps, value, cell);
            }
        };
        // A list's entry made for `[0].text` is an object; one for `[2]` is a leaf.
        if matches!(rest.first(), Some(Step::Index(_))) {
            if let Node::Object(m) = child {
                if m.is_empty() {
                    *child = Node::List(BTreeMap::new());
                }
            }
        }
        child.set(rest, value, cell);
    }

    /// The JSON value, recording each leaf's path (with list positions as compacted)
    /// and cell.
    fn into_value(self, at: &mut String, cells: &mut Vec<(String, String)>) -> Value {
        match self {
            Node::Leaf(v, cell) => {
                cells.push((at.clone(), cell));
                v
            }
            Node::Object(m) => {
                let mut out = Map::new();
                for (k, child) in m {
                    let len = at.len();
                    if !at.is_empty() {
                        at.push('.');
                    }
                    at.push_str(&k);
                    out.insert(k, child.into_value(at, cells));
                    at.truncate(len);
                }
                Value::Object(out)
            }
            Node::List(m) => {
                let mut out = Vec::new();
                for (_, child) in m {
                    let len = at.len();
                    at.push_str(&format!("[{}]", out.len()));
                    out.push(child.into_value(at, cells));
                    at.truncate(len);
                }
                Value::Array(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::messages::{with_lang, Lang};

    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    }

    fn table(rows: &[&[Cell]]) -> Table {
        Table {
            sheet: "Sheet1".into(),
            origin: (0, 0),
            cells: rows.iter().map(|r| r.to_vec()).collect(),
        }
    }

    #[test]
    fn columns_are_named_like_a_spreadsheet() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn rows_become_patches_with_lists_compacted() {
        let t = table(&[
            &[
                text("ward"),
                text("number"),
                text("meeting.date"),
                text("body.tasks[0].text"),
                text("body.tasks[1].text"),
                text("body.tasks[1].owner"),
                text("recipients[]"),
                text("# ghi chú"),
            ],
            &[
                text("Phúc Lợi"),
                Cell::Float(125.0),
                Cell::Date(2024, 3, 15, false),
                Cell::Empty,
                text("Làm B"),
                text("UBND"),
                text("Một\nHai\n"),
                text("not read"),
            ],
            &[Cell::Empty, Cell::Empty],
            &[text("Việt Hưng"), text(" 7 ")],
        ]);
        let items = items(&t).unwrap();
        assert_eq!(items.len(), 2);
        assert!(items[0].problems.is_empty());
        assert_eq!(
            items[0].patch,
            serde_json::json!({
                "ward": "Phúc Lợi", "number": 125, "meeting": {"date": "2024-03-15"},
                "body": {"tasks": [{"text": "Làm B", "owner": "UBND"}]},
                "recipients": ["Một", "Hai"]
            })
        );
        assert_eq!(items[0].origin.row, 2);
        assert!(items[0]
            .origin
            .cells
            .contains(&("body.tasks[0].owner".into(), "Sheet1!F2".into())));
        assert_eq!(items[0].origin.cell_of("recipients[1]"), Some("Sheet1!G2"));
        assert_eq!(items[1].origin.row, 4);
        assert_eq!(
            items[1].patch,
            serde_json::json!({"ward": "Việt Hưng", "number": 7})
        );
    }

    #[test]
    fn a_bad_cell_fails_its_row_only() {
        let t = table(&[
            &[text("number"), text("meeting.date"), text("ward")],
            &[text("mười"), Cell::Date(2024, 3, 15, false), text("Bồ Đề")],
            &[Cell::Float(12.5)],
            &[Cell::Int(3), Cell::Date(2024, 3, 15, true)],
            &[text("x"), Cell::Date(2024, 3, 15, true)],
        ]);
        let items = with_lang(Lang::En, || items(&t)).unwrap();
        let e = &items[0].problems[0];
        assert_eq!(e.path, "number");
        assert!(
            e.message.contains("“mười” is not a whole number"),
            "{}",
            e.message
        );
        assert_eq!(items[0].problems.len(), 1);
        assert_eq!(items[0].patch["ward"], "Bồ Đề", "what the row knows");
        assert!(items[1].problems[0].message.contains("12.5"));
        let e = &items[2].problems[0];
        assert_eq!(e.path, "meeting.date");
        assert!(e.message.contains("time of day"), "{}", e.message);
        // Every bad cell of a row.
        let paths: Vec<&str> = items[3].problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["number", "meeting.date"]);
        // In Vietnamese, by default.
        let items = super::items(&t).unwrap();
        assert!(
            items[0].problems[0]
                .message
                .contains("“mười” không phải số nguyên"),
            "{}",
            items[0].problems[0].message
        );
    }

    #[test]
    fn headers_are_checked_against_the_notice_in_both_languages() {
        let vi = items(&table(&[&[text("meeting.dat")], &[text("x")]]))
            .err()
            .unwrap();
        assert!(
            vi.starts_with("Sheet1!A1 (tiêu đề “meeting.dat”): `meeting` không có trường `dat`; có phải ý bạn là `date`?"),
            "{vi}"
        );
        with_lang(Lang::En, headers_are_checked_against_the_notice);
    }

    fn headers_are_checked_against_the_notice() {
        let err = |h: &str| items(&table(&[&[text(h)], &[text("x")]])).err().unwrap();
        let e = err("meeting.dat");
        assert!(e.starts_with("Sheet1!A1 (header “meeting.dat”): unknown field `dat` in `meeting`; did you mean `date`?"), "{e}");
        assert!(err("meeting").contains("holds several fields"));
        assert!(err("body.tasks[]").contains("only a list of texts"));
        assert!(err("ward[0]").contains("is not a list"));
        assert!(err("body.tasks[x].text").contains("no position"));
        let e = items(&table(&[
            &[text("ward"), Cell::Empty],
            &[text("A"), text("lost?")],
        ]))
        .err()
        .unwrap();
        assert!(e.starts_with("Sheet1!B2: this column has no header"), "{e}");
        let e = items(&table(&[&[text("ward"), text("ward")], &[text("A")]]))
            .err()
            .unwrap();
        assert!(e.contains("also the header of Sheet1!A1"), "{e}");
    }

    #[test]
    fn csv_separators_and_byte_order_mark() {
        let t = read_csv("\u{feff}ward;number\nPhúc Lợi;125\n".as_bytes(), "wards").unwrap();
        assert_eq!(t.cells[1], vec![text("Phúc Lợi"), text("125")]);
        let t = read_csv(b"ward,summary\nA,\"x; y\"\n", "wards").unwrap();
        assert_eq!(t.cells[1], vec![text("A"), text("x; y")]);
        let e = read_csv(b"ward\n\xC0\n", "wards").err().unwrap();
        assert!(e.starts_with("wards!A2: không phải văn bản UTF-8"), "{e}");
        let e = with_lang(Lang::En, || {
            read_csv(b"ward\n\xC0\n", "wards").err().unwrap()
        });
        assert!(e.starts_with("wards!A2: is not UTF-8"), "{e}");
        let e = items(&read_csv(b"ward,number\nA,x\n", "my wards").unwrap())
            .unwrap()
            .remove(0)
            .origin;
        assert_eq!(e.cells[0].1, "'my wards'!B2");
    }
}
