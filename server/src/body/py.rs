//! Python's rendering of JSON values, as Quay's jsonschema 3.2 messages show them: `repr` (of
//! `str`, `float` and the containers) and `pprint.pformat(width=72)`.

use serde_json::Value;

/// A Python value as Quay's `json` module loads a body, or as a schema is written in Quay's
/// source (dicts keep their insertion order).
#[derive(Debug, Clone, PartialEq)]
pub enum Py {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// `int`
    Int(i128),
    /// `float`
    Float(f64),
    /// `str`
    Str(String),
    /// `list`
    List(Vec<Py>),
    /// `dict`
    Dict(Vec<(String, Py)>),
}

impl From<&Value> for Py {
    fn from(v: &Value) -> Self {
        match v {
            Value::Null => Py::None,
            Value::Bool(b) => Py::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Py::Int(i.into()),
                (_, Some(u)) => Py::Int(u.into()),
                _ => Py::Float(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => Py::Str(s.clone()),
            Value::Array(a) => Py::List(a.iter().map(Py::from).collect()),
            Value::Object(o) => Py::Dict(o.iter().map(|(k, v)| (k.clone(), v.into())).collect()),
        }
    }
}

impl From<&str> for Py {
    fn from(s: &str) -> Self {
        Py::Str(s.to_string())
    }
}

impl From<bool> for Py {
    fn from(b: bool) -> Self {
        Py::Bool(b)
    }
}

impl From<i64> for Py {
    fn from(i: i64) -> Self {
        Py::Int(i.into())
    }
}

/// Builds a [`Py`] from JSON-like syntax, keeping the order of dict keys (as Quay's schemas are
/// written); a parenthesised expression is converted with `Py::from`.
macro_rules! py {
    ({ $($k:literal : $v:tt),* $(,)? }) => {
        $crate::body::py::Py::Dict(vec![$(($k.to_string(), $crate::body::py::py!($v))),*])
    };
    ([ $($v:tt),* $(,)? ]) => {
        $crate::body::py::Py::List(vec![$($crate::body::py::py!($v)),*])
    };
    ($e:expr) => { $crate::body::py::Py::from($e) };
}
pub(crate) use py;

/// Whether Python's `str.isprintable` holds for `c` (what `repr` leaves unescaped).
fn printable(c: char) -> bool {
    if c.is_control() || (c.is_whitespace() && c != ' ') {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xD800..=0xDFFF
        | 0xE000..=0xF8FF | 0xFEFF | 0xFFF9..=0xFFFB | 0xE0001 | 0xE0020..=0xE007F
        | 0xF0000..)
}

/// `repr()` of a string.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// `repr()` of a float: the shortest round-trip digits, in exponent form below `1e-4` and from
/// `1e16` on.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let plain = format!("{f}");
        if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// `repr()` of a value; dicts in their own order (as loaded, or as written in a schema).
pub fn repr(p: &Py) -> String {
    render(p, false)
}

/// `repr()` of a JSON value.
pub fn json_repr(v: &Value) -> String {
    repr(&Py::from(v))
}

/// `repr()`, or pprint's `safe_repr` (dict keys sorted) when `sorted`.
fn render(p: &Py, sorted: bool) -> String {
    match p {
        Py::None => "None".into(),
        Py::Bool(true) => "True".into(),
        Py::Bool(false) => "False".into(),
        Py::Int(i) => i.to_string(),
        Py::Float(f) => float_repr(*f),
        Py::Str(s) => str_repr(s),
        Py::List(items) => {
            let parts: Vec<String> = items.iter().map(|i| render(i, sorted)).collect();
            format!("[{}]", parts.join(", "))
        }
        Py::Dict(items) => {
            let parts: Vec<String> = dict_items(items, sorted)
                .into_iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), render(v, sorted)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn dict_items(items: &[(String, Py)], sorted: bool) -> Vec<&(String, Py)> {
    let mut items: Vec<&(String, Py)> = items.iter().collect();
    if sorted {
        items.sort_by(|a, b| a.0.cmp(&b.0));
    }
    items
}

/// `pprint.pformat`'s width in Quay's messages.
const WIDTH: isize = 72;

fn len(s: &str) -> isize {
    s.chars().count() as isize
}

/// `pprint.pformat(p, width=72)`.
pub fn pformat(p: &Py) -> String {
    let mut out = String::new();
    format(p, &mut out, 0, 0, 0);
    out
}

/// Indents every line by four spaces (jsonschema's `_utils.indent`).
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn format(p: &Py, out: &mut String, indent: isize, allowance: isize, level: usize) {
    let rep = render(p, true);
    if len(&rep) > WIDTH - indent - allowance {
        match p {
            Py::Dict(items) if !items.is_empty() => {
                out.push('{');
                let indent = indent + 1;
                let items = dict_items(items, true);
                let last = items.len() - 1;
                for (i, (k, v)) in items.into_iter().enumerate() {
                    let key = str_repr(k);
                    out.push_str(&key);
                    out.push_str(": ");
                    let a = if i == last { allowance + 1 } else { 1 };
                    format(v, out, indent + len(&key) + 2, a, level + 1);
                    if i != last {
                        out.push_str(",\n");
                        out.push_str(&spaces(indent));
                    }
                }
                out.push('}');
                return;
            }
            Py::List(items) if !items.is_empty() => {
                out.push('[');
                let indent = indent + 1;
                let last = items.len() - 1;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",\n");
                        out.push_str(&spaces(indent));
                    }
                    let a = if i == last { allowance + 1 } else { 1 };
                    format(v, out, indent, a, level + 1);
                }
                out.push(']');
                return;
            }
            Py::Str(s) if !s.is_empty() => {
                format_str(s, out, indent, allowance, level + 1);
                return;
            }
            _ => {}
        }
    }
    out.push_str(&rep);
}

fn spaces(n: isize) -> String {
    " ".repeat(n.max(0) as usize)
}

/// Python's `str.splitlines(True)`.
fn split_lines_keep_ends(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            let mut end = i + c.len_utf8();
            if c == '\r'
                && let Some((j, '\n')) = iter.peek().copied()
            {
                iter.next();
                end = j + 1;
            }
            lines.push(&s[start..end]);
            start = end;
        }
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

/// `re.findall(r'\S*\s*', line)` without the final empty match.
fn words(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let non_space = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        let space_end = rest[non_space..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(rest.len(), |(i, _)| non_space + i);
        parts.push(&rest[..space_end]);
        rest = &rest[space_end..];
    }
    parts
}

/// pprint's `_pprint_str`: a long string split at word boundaries, one chunk a line.
fn format_str(s: &str, out: &mut String, mut indent: isize, mut allowance: isize, level: usize) {
    let lines = split_lines_keep_ends(s);
    if level == 1 {
        indent += 1;
        allowance += 1;
    }
    let max_width = WIDTH - indent;
    let mut max_width1 = max_width;
    let mut chunks: Vec<String> = Vec::new();
    let mut rep = String::new();
    for (i, line) in lines.iter().enumerate() {
        rep = str_repr(line);
        let last_line = i == lines.len() - 1;
        if last_line {
            max_width1 -= allowance;
        }
        if len(&rep) <= max_width1 {
            chunks.push(rep.clone());
            continue;
        }
        let parts = words(line);
        let mut max_width2 = max_width;
        let mut current = String::new();
        for (j, part) in parts.iter().enumerate() {
            let candidate = format!("{current}{part}");
            if j == parts.len() - 1 && last_line {
                max_width2 -= allowance;
            }
            if len(&str_repr(&candidate)) > max_width2 {
                if !current.is_empty() {
                    chunks.push(str_repr(&current));
                }
                current = part.to_string();
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            chunks.push(str_repr(&current));
        }
    }
    if chunks.len() == 1 {
        out.push_str(&rep);
        return;
    }
    if level == 1 {
        out.push('(');
    }
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&spaces(indent));
        }
        out.push_str(chunk);
    }
    if level == 1 {
        out.push(')');
    }
}
