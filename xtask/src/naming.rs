//! Rust identifiers and doc comments from the spec's names and descriptions.

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A field or function name for a JSON property.
pub fn field(name: &str) -> String {
    let snake = name.to_snake_case();
    let snake = if snake.is_empty() {
        "value".to_string()
    } else {
        snake
    };
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    }
}

/// A type name.
pub fn type_name(name: &str) -> String {
    name.to_pascal_case()
}

/// An enum variant for a string value (`""` becomes `Empty`).
pub fn variant(value: &str) -> String {
    let v = value.to_pascal_case();
    if v.is_empty() {
        "Empty".to_string()
    } else if v.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{v}")
    } else if v == "Self" {
        "SelfValue".to_string()
    } else {
        v
    }
}

/// A constant name for an operationId.
pub fn constant(name: &str) -> String {
    name.to_shouty_snake_case()
}

/// A Rust string literal.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// `///` lines for a description (none when empty), made safe for rustdoc: outside code spans,
/// brackets and angle brackets are escaped and bare URLs wrapped in `<...>`.
pub fn doc(text: &str, indent: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    // A code span may run over a line break (CommonMark): the state carries to the next line
    // of the paragraph.
    let mut in_code = false;
    for line in text.lines() {
        let line = sanitize(line.trim_end(), &mut in_code);
        if line.is_empty() {
            in_code = false;
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    out
}

/// Escapes what rustdoc would read as links or HTML outside backtick code spans (`in_code`:
/// whether the line starts inside one).
fn sanitize(line: &str, in_code: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            *in_code = !*in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !*in_code {
            if rest.starts_with("http://") || rest.starts_with("https://") {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == ')' || c == ',' || c == '`')
                    .unwrap_or(rest.len());
                let (url, tail) = rest.split_at(end);
                let (url, dot) = match url.strip_suffix('.') {
                    Some(u) => (u, "."),
                    None => (url, ""),
                };
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(dot);
                rest = tail;
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(field("next_page"), "next_page");
        assert_eq!(field("isPublic"), "is_public");
        assert_eq!(type_name("team_member"), "TeamMember");
        assert_eq!(variant(""), "Empty");
        assert_eq!(variant("repo:admin"), "RepoAdmin");
        assert_eq!(constant("getOrganization"), "GET_ORGANIZATION");
        assert!(is_keyword("type"));
    }

    #[test]
    fn docs_are_rustdoc_safe() {
        assert_eq!(
            doc("One of [a, b] <x> at https://quay.io/x. `[kept]`", ""),
            "/// One of \\[a, b\\] \\<x\\> at <https://quay.io/x>. `[kept]`\n"
        );
        assert_eq!(doc("a\n\nb", "    "), "    /// a\n    ///\n    /// b\n");
        assert_eq!(doc("  ", ""), "");
    }
}
