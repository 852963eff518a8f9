//! Line and column of a place in a text: the one computation behind every position an
//! error reports (the notice's JSON, a template, the markup, bytes that are not UTF-8).

/// A 1-based line and column; the column counts characters, not bytes, as an editor
/// shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position just after `before`, the text that precedes the place.
    pub fn after(before: &str) -> Position {
        Position {
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Position;

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(Position::after(""), Position { line: 1, column: 1 });
        assert_eq!(
            Position::after("{\n  \"tóm\": "),
            Position {
                line: 2,
                column: 10
            }
        );
        assert_eq!(Position::after("a\n"), Position { line: 2, column: 1 });
    }
}
