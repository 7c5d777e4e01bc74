//! jsonschema 3.2 (Draft 7, as Quay runs it) over Quay's request schemas: the validators those
//! schemas use, `best_match`, and the text of a `ValidationError` (the message, then
//! `Failed validating ... in schema...:`, the sub-schema and the instance, both `pprint`ed).

use serde_json::Value;

use super::py::{self, Py};

/// Quay's `^(\d+\s?(B|KiB|...)?)$` for human-readable quota sizes.
pub const QUOTA_PATTERN: &str = r"^(\d+\s?(B|KiB|MiB|GiB|TiB|PiB|EiB|ZiB|YiB|Ki|Mi|Gi|Ti|Pi|Ei|Zi|Yi|KB|MB|GB|TB|PB|EB|ZB|YB|K|M|G|T|P|E|Z|Y)?)$";

#[derive(Debug, Clone)]
enum Index {
    Key(String),
    Pos(usize),
}

impl Index {
    fn repr(&self) -> String {
        match self {
            Index::Key(k) => py::str_repr(k),
            Index::Pos(i) => i.to_string(),
        }
    }
}

/// One failure, as jsonschema's `ValidationError`.
#[derive(Debug, Clone)]
pub struct ValidationError {
    /// The message: the first line of the text (`'x' is a required property`, ...).
    pub message: String,
    validator: String,
    schema: Py,
    instance: Py,
    path: Vec<Index>,
    schema_path: Vec<Index>,
    context: Vec<ValidationError>,
}

impl ValidationError {
    fn new(message: String) -> Self {
        Self {
            message,
            validator: String::new(),
            schema: Py::None,
            instance: Py::None,
            path: vec![],
            schema_path: vec![],
            context: vec![],
        }
    }

    fn with_context(message: String, context: Vec<ValidationError>) -> Self {
        Self {
            context,
            ..Self::new(message)
        }
    }

    /// jsonschema's `relevance` key.
    fn relevance(&self) -> (i64, bool) {
        let weak = matches!(self.validator.as_str(), "anyOf" | "oneOf");
        (-(self.path.len() as i64), !weak)
    }

    /// `str(ValidationError)`: what Quay answers as the `detail` of a refused body.
    pub fn text(&self) -> String {
        let index = |p: &[Index]| {
            if p.is_empty() {
                String::new()
            } else {
                format!(
                    "[{}]",
                    p.iter().map(Index::repr).collect::<Vec<_>>().join("][")
                )
            }
        };
        let schema_path = &self.schema_path[..self.schema_path.len().saturating_sub(1)];
        format!(
            "{}\n\nFailed validating {} in schema{}:\n{}\n\nOn instance{}:\n{}",
            self.message,
            py::str_repr(&self.validator),
            index(schema_path),
            py::indent(&py::pformat(&self.schema)),
            index(&self.path),
            py::indent(&py::pformat(&self.instance)),
        )
    }
}

/// The message of a missing required property.
pub fn required_message(name: &str) -> String {
    format!("{} is a required property", py::str_repr(name))
}

/// The message of a value of none of `types`.
pub fn type_message(instance: &Py, types: &[&str]) -> String {
    let names: Vec<String> = types.iter().map(|t| py::str_repr(t)).collect();
    format!("{} is not of type {}", py::repr(instance), names.join(", "))
}

fn get<'a>(dict: &'a [(String, Py)], key: &str) -> Option<&'a Py> {
    dict.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn is_type(instance: &Py, ty: &str) -> bool {
    match ty {
        "object" => matches!(instance, Py::Dict(_)),
        "array" => matches!(instance, Py::List(_)),
        "string" => matches!(instance, Py::Str(_)),
        "boolean" => matches!(instance, Py::Bool(_)),
        "null" => matches!(instance, Py::None),
        "integer" => match instance {
            Py::Int(_) => true,
            Py::Float(f) => f.is_finite() && f.fract() == 0.0,
            _ => false,
        },
        "number" => matches!(instance, Py::Int(_) | Py::Float(_)),
        _ => true,
    }
}

fn number(p: &Py) -> Option<f64> {
    match p {
        Py::Int(i) => Some(*i as f64),
        Py::Float(f) => Some(*f),
        _ => None,
    }
}

/// Python's `==` as jsonschema's `enum` uses it (booleans are not numbers there).
fn equal(a: &Py, b: &Py) -> bool {
    match (a, b) {
        (Py::Int(_) | Py::Float(_), Py::Int(_) | Py::Float(_)) => number(a) == number(b),
        (Py::List(x), Py::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Py::Dict(x), Py::Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| get(y, k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

fn text_len(p: &Py) -> Option<i128> {
    match p {
        Py::Str(s) => Some(s.chars().count() as i128),
        _ => None,
    }
}

fn limit(p: &Py) -> i128 {
    match p {
        Py::Int(i) => *i,
        _ => 0,
    }
}

/// Python's `re.search` for the only pattern Quay's schemas use ([`QUOTA_PATTERN`]).
fn matches_pattern(pattern: &str, s: &str) -> bool {
    if pattern != QUOTA_PATTERN {
        return true;
    }
    const UNITS: [&str; 33] = [
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB", "Ki", "Mi", "Gi", "Ti", "Pi",
        "Ei", "Zi", "Yi", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB", "K", "M", "G", "T", "P",
        "E", "Z", "Y",
    ];
    let check = |s: &str| {
        let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        let rest = &s[digits..];
        let mut tails = vec![rest];
        if let Some(c) = rest.chars().next()
            && c.is_whitespace()
        {
            tails.push(&rest[c.len_utf8()..]);
        }
        tails.iter().any(|t| t.is_empty() || UNITS.contains(t))
    };
    // `$` also matches just before a final newline.
    check(s) || s.strip_suffix('\n').is_some_and(check)
}

fn descend(
    instance: &Py,
    schema: &Py,
    path: Option<Index>,
    schema_path: impl Into<Option<Index>>,
) -> Vec<ValidationError> {
    let schema_path = schema_path.into();
    let mut errors = iter_errors(instance, schema);
    for e in &mut errors {
        if let Some(p) = &path {
            e.path.insert(0, p.clone());
        }
        if let Some(s) = &schema_path {
            e.schema_path.insert(0, s.clone());
        }
    }
    errors
}

fn is_valid(instance: &Py, schema: &Py) -> bool {
    iter_errors(instance, schema).is_empty()
}

/// jsonschema's `iter_errors`: every failure, in the order of the schema's keywords.
fn iter_errors(instance: &Py, schema: &Py) -> Vec<ValidationError> {
    let Py::Dict(entries) = schema else {
        return vec![];
    };
    let mut out = Vec::new();
    for (keyword, value) in entries {
        let fail = |message: String| vec![ValidationError::new(message)];
        let errors = match keyword.as_str() {
            "type" => {
                let types: Vec<&str> = match value {
                    Py::Str(s) => vec![s.as_str()],
                    Py::List(l) => l
                        .iter()
                        .filter_map(|t| match t {
                            Py::Str(s) => Some(s.as_str()),
                            _ => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                if types.iter().any(|t| is_type(instance, t)) {
                    vec![]
                } else {
                    fail(type_message(instance, &types))
                }
            }
            "enum" => {
                match value {
                    Py::List(values) if !values.iter().any(|v| equal(instance, v)) => fail(
                        format!("{} is not one of {}", py::repr(instance), py::repr(value)),
                    ),
                    _ => vec![],
                }
            }
            "maxLength" => match text_len(instance) {
                Some(n) if n > limit(value) => fail(format!("{} is too long", py::repr(instance))),
                _ => vec![],
            },
            "minLength" => match text_len(instance) {
                Some(n) if n < limit(value) => fail(format!("{} is too short", py::repr(instance))),
                _ => vec![],
            },
            // jsonschema 3.2's `minItems` and `uniqueItems` messages.
            "minItems" => match instance {
                Py::List(items) if (items.len() as i128) < limit(value) => {
                    fail(format!("{} is too short", py::repr(instance)))
                }
                _ => vec![],
            },
            "uniqueItems" => match (instance, value) {
                (Py::List(items), Py::Bool(true))
                    if items
                        .iter()
                        .enumerate()
                        .any(|(i, a)| items[i + 1..].iter().any(|b| equal(a, b))) =>
                {
                    fail(format!("{} has non-unique elements", py::repr(instance)))
                }
                _ => vec![],
            },
            "minimum" => match (number(instance), number(value)) {
                (Some(n), Some(min)) if n < min => fail(format!(
                    "{} is less than the minimum of {}",
                    py::repr(instance),
                    py::repr(value)
                )),
                _ => vec![],
            },
            "required" => match (instance, value) {
                (Py::Dict(inst), Py::List(required)) => required
                    .iter()
                    .filter_map(|r| match r {
                        Py::Str(name) if get(inst, name).is_none() => {
                            Some(ValidationError::new(required_message(name)))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => vec![],
            },
            "properties" => match (instance, value) {
                (Py::Dict(inst), Py::Dict(props)) => props
                    .iter()
                    .flat_map(|(name, sub)| match get(inst, name) {
                        Some(v) => descend(
                            v,
                            sub,
                            Some(Index::Key(name.clone())),
                            Index::Key(name.clone()),
                        ),
                        None => vec![],
                    })
                    .collect(),
                _ => vec![],
            },
            // One schema for every item (only the instance path grows), or one per position.
            "items" => match (instance, value) {
                (Py::List(items), Py::Dict(_)) => items
                    .iter()
                    .enumerate()
                    .flat_map(|(i, item)| descend(item, value, Some(Index::Pos(i)), None))
                    .collect(),
                (Py::List(items), Py::List(subs)) => items
                    .iter()
                    .zip(subs)
                    .enumerate()
                    .flat_map(|(i, (item, sub))| {
                        descend(item, sub, Some(Index::Pos(i)), Index::Pos(i))
                    })
                    .collect(),
                _ => vec![],
            },
            "additionalProperties" => match (instance, value) {
                (Py::Dict(inst), Py::Bool(false)) => {
                    let known: Vec<&str> = match get(entries, "properties") {
                        Some(Py::Dict(p)) => p.iter().map(|(k, _)| k.as_str()).collect(),
                        _ => vec![],
                    };
                    let extras: Vec<String> = inst
                        .iter()
                        .filter(|(k, _)| !known.contains(&k.as_str()))
                        .map(|(k, _)| py::str_repr(k))
                        .collect();
                    if extras.is_empty() {
                        vec![]
                    } else {
                        let verb = if extras.len() == 1 { "was" } else { "were" };
                        fail(format!(
                            "Additional properties are not allowed ({} {verb} unexpected)",
                            extras.join(", ")
                        ))
                    }
                }
                _ => vec![],
            },
            "oneOf" | "anyOf" => {
                let Py::List(subs) = value else { continue };
                let mut all = Vec::new();
                let mut first_valid = None;
                for (i, sub) in subs.iter().enumerate() {
                    let errs = descend(instance, sub, None, Index::Pos(i));
                    if errs.is_empty() {
                        first_valid = Some(i);
                        break;
                    }
                    all.extend(errs);
                }
                match first_valid {
                    None => vec![ValidationError::with_context(
                        format!(
                            "{} is not valid under any of the given schemas",
                            py::repr(instance)
                        ),
                        all,
                    )],
                    Some(first) if keyword == "oneOf" => {
                        let mut more: Vec<&Py> = subs[first + 1..]
                            .iter()
                            .filter(|s| is_valid(instance, s))
                            .collect();
                        if more.is_empty() {
                            vec![]
                        } else {
                            more.push(&subs[first]);
                            let reprs: Vec<String> = more.iter().map(|s| py::repr(s)).collect();
                            fail(format!(
                                "{} is valid under each of {}",
                                py::repr(instance),
                                reprs.join(", ")
                            ))
                        }
                    }
                    Some(_) => vec![],
                }
            }
            "not" => {
                if is_valid(instance, value) {
                    fail(format!(
                        "{} is not allowed for {}",
                        py::repr(value),
                        py::repr(instance)
                    ))
                } else {
                    vec![]
                }
            }
            "pattern" => match (instance, value) {
                (Py::Str(s), Py::Str(p)) if !matches_pattern(p, s) => fail(format!(
                    "{} does not match {}",
                    py::str_repr(s),
                    py::str_repr(p)
                )),
                _ => vec![],
            },
            _ => vec![],
        };
        for mut e in errors {
            if e.validator.is_empty() {
                e.validator = keyword.clone();
                e.schema = schema.clone();
                e.instance = instance.clone();
            }
            e.schema_path.insert(0, Index::Key(keyword.clone()));
            out.push(e);
        }
    }
    out
}

/// jsonschema's `best_match` over the failures of `instance`, if any.
pub fn best_match(instance: &Value, schema: &Py) -> Option<ValidationError> {
    let mut errors = iter_errors(&Py::from(instance), schema).into_iter();
    let mut best = errors.next()?;
    for e in errors {
        if e.relevance() > best.relevance() {
            best = e;
        }
    }
    while !best.context.is_empty() {
        let mut context = std::mem::take(&mut best.context).into_iter();
        let mut min = context.next()?;
        for e in context {
            if e.relevance() < min.relevance() {
                min = e;
            }
        }
        best = min;
    }
    Some(best)
}

/// jsonschema's `validate`: the text of the best-matching failure, if any.
pub fn validate(instance: &Value, schema: &Py) -> Result<(), String> {
    match best_match(instance, schema) {
        Some(e) => Err(e.text()),
        None => Ok(()),
    }
}
