//! The `repository` tag: create, list, get and delete repositories.
//!
//! Also the pieces both this tag and the `robot` tag need and the core does not provide: Quay's
//! `truthy_bool` query parameters, a JSON body whose validation the handler words the way
//! Quay's jsonschema 3.2 does (full message, Python `repr`/`pprint` of the schema and
//! instance), and the caller's namespace-wide role with the token-scope cap.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use poem::web::Data;
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::param::{Path, Query};
use poem_openapi::registry::{
    MetaMediaType, MetaRequest, MetaResponse, MetaSchema, MetaSchemaRef, Registry,
};
use poem_openapi::types::{MaybeUndefined, ParseFromJSON, ParseFromParameter, ParseResult, Type};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions, OpenApi};
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scope, org_role, repo_role};
use crate::config::Config;
use crate::error::{QuayError, URL_NOT_FOUND};
use crate::models::{
    ApiError, AuthError, CreatedRepository, NewRepo, RepositoryActionStat, RepositoryDetail,
    RepositoryKind, RepositoryList, RepositoryQuotaUsage, RepositoryRole, RepositoryState,
    RepositorySummary, TeamRole,
};
use crate::reply::{
    Created201, E400, E401, E403, E403W, E404, E415, E503, ErrorDoc, NoContent204, Ok200, Reply,
};
use crate::store::namespace::{self, Namespace};
use crate::store::repository::{self as repo_store, Repo, Visibility};

/// Operations of the `repository` tag.
pub struct RepositoryApi {
    state: AppState,
}

impl RepositoryApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

// ------------------------------------------------------------------------------------------
// Query parameters

/// A boolean query parameter parsed with Quay's `truthy_bool`: `false`, `False`, `FALSE`, `0`,
/// `null` and the empty string are false, anything else is true. Never a parse error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TruthyBool(pub bool);

impl Type for TruthyBool {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> std::borrow::Cow<'static, str> {
        "boolean".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema::new("boolean")))
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ParseFromParameter for TruthyBool {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(!matches!(
            value,
            "false" | "False" | "FALSE" | "0" | "" | "null"
        )))
    }
}

/// The value of an optional `truthy_bool` parameter, or its default.
pub fn truthy(param: &Option<TruthyBool>, default: bool) -> bool {
    param.map_or(default, |b| b.0)
}

/// `repo_kind` of listRepos: documented as the enum `image`/`application`, but any text is
/// accepted, as in Quay (an unknown kind is refused by the data layer, not by the parser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoKindParam(pub String);

impl Type for RepoKindParam {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> std::borrow::Cow<'static, str> {
        "string".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let mut schema = MetaSchema::new("string");
        schema.enum_items = vec![json!("image"), json!("application")];
        schema.default = Some(json!("image"));
        MetaSchemaRef::Inline(Box::new(schema))
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ParseFromParameter for RepoKindParam {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(value.to_string()))
    }
}

// ------------------------------------------------------------------------------------------
// Bodies validated by the handler

/// A JSON request body documented with the schema `T` but handed to the handler as raw bytes,
/// so the handler validates it when and how Quay does. `REQUIRED` is what the document says.
pub struct JsonBody<T, const REQUIRED: bool = true> {
    content_type: Option<String>,
    bytes: Option<Vec<u8>>,
    _schema: PhantomData<fn() -> T>,
}

impl<T, const REQUIRED: bool> JsonBody<T, REQUIRED> {
    /// Quay's `validate_json_request` for a mandatory body: 415 unless `application/json`,
    /// 400 `MessageError` when not JSON, 400 `Missing JSON body` for `null`, then the schema.
    pub fn required(&self, schema: &schema::Object) -> Result<Value, QuayError> {
        let bytes = self
            .bytes
            .as_deref()
            .ok_or_else(|| QuayError::message(400, crate::error::MALFORMED_JSON))?;
        let value = crate::body::decode_json(self.content_type.as_deref(), bytes)?;
        schema
            .validate(&value)
            .map_err(QuayError::invalid_request)?;
        Ok(value)
    }

    /// Quay's `validate_json_request(optional=True)` after `max_json_size`: a JSON body over
    /// `max` bytes is refused; a body that is absent, not sent as JSON, not parseable or `null`
    /// counts as no body; any other value is checked against the schema.
    pub fn optional(
        &self,
        schema: &schema::Object,
        max: usize,
    ) -> Result<Option<Value>, QuayError> {
        let is_json = self
            .content_type
            .as_deref()
            .and_then(|c| c.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == "application"
                    && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"))
            });
        let Some(bytes) = self.bytes.as_deref() else {
            return Ok(None);
        };
        if is_json && bytes.len() > max {
            return Err(QuayError::invalid_request("Request body too large"));
        }
        if !is_json {
            return Ok(None);
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Null) | Err(_) => Ok(None),
            Ok(value) => {
                schema
                    .validate(&value)
                    .map_err(QuayError::invalid_request)?;
                Ok(Some(value))
            }
        }
    }
}

impl<'a, T: ParseFromJSON + Type, const REQUIRED: bool> ApiExtractor<'a> for JsonBody<T, REQUIRED> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: None,
            content: vec![MetaMediaType {
                content_type: "application/json",
                schema: T::schema_ref(),
            }],
            required: REQUIRED,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        let bytes = <Vec<u8> as FromRequest>::from_request(request, body)
            .await
            .ok();
        Ok(Self {
            content_type: request.content_type().map(str::to_string),
            bytes,
            _schema: PhantomData,
        })
    }
}

/// Python's `repr` and `pprint.pformat` of JSON values, as Quay's error messages show them.
pub mod py {
    use serde_json::Value;

    /// Python's `repr` of a string.
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
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                c if !printable(c) => {
                    let n = c as u32;
                    if n < 0x100 {
                        out.push_str(&format!("\\x{n:02x}"));
                    } else if n < 0x10000 {
                        out.push_str(&format!("\\u{n:04x}"));
                    } else {
                        out.push_str(&format!("\\U{n:08x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push(quote);
        out
    }

    fn printable(c: char) -> bool {
        c == ' '
            || !(c.is_control()
                || c.is_whitespace()
                || matches!(
                    c,
                    '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
                ))
    }

    fn float_repr(f: f64) -> String {
        if !f.is_finite() {
            return if f.is_nan() {
                "nan".into()
            } else if f > 0.0 {
                "inf".into()
            } else {
                "-inf".into()
            };
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

    /// Python's `repr` of the value (`None`, `True`, dicts with sorted keys).
    pub fn repr(v: &Value) -> String {
        match v {
            Value::Null => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Number(n) => {
                if n.is_i64() || n.is_u64() {
                    n.to_string()
                } else {
                    float_repr(n.as_f64().unwrap_or(0.0))
                }
            }
            Value::String(s) => str_repr(s),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(repr).collect();
                format!("[{}]", parts.join(", "))
            }
            Value::Object(map) => {
                let parts: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{}: {}", str_repr(k), repr(v)))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
        }
    }

    const WIDTH: isize = 72;

    fn len(s: &str) -> isize {
        s.chars().count() as isize
    }

    /// `pprint.pformat(value, width=72)`.
    pub fn pformat(v: &Value) -> String {
        let mut out = String::new();
        format(v, &mut out, 0, 0, 0);
        out
    }

    fn format(v: &Value, out: &mut String, indent: isize, allowance: isize, level: usize) {
        let rep = repr(v);
        if len(&rep) > WIDTH - indent - allowance {
            match v {
                Value::Object(map) if !map.is_empty() => {
                    out.push('{');
                    let indent = indent + 1;
                    let last = map.len() - 1;
                    for (i, (k, value)) in map.iter().enumerate() {
                        let key = str_repr(k);
                        out.push_str(&key);
                        out.push_str(": ");
                        let a = if i == last { allowance + 1 } else { 1 };
                        format(value, out, indent + len(&key) + 2, a, level + 1);
                        if i != last {
                            out.push_str(",\n");
                            out.push_str(&" ".repeat(indent as usize));
                        }
                    }
                    out.push('}');
                    return;
                }
                Value::Array(items) if !items.is_empty() => {
                    out.push('[');
                    let indent = indent + 1;
                    let last = items.len() - 1;
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(",\n");
                            out.push_str(&" ".repeat(indent as usize));
                        }
                        let a = if i == last { allowance + 1 } else { 1 };
                        format(item, out, indent, a, level + 1);
                    }
                    out.push(']');
                    return;
                }
                Value::String(s) if !s.is_empty() => {
                    pformat_str(s, out, indent, allowance, level + 1);
                    return;
                }
                _ => {}
            }
        }
        out.push_str(&rep);
    }

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
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            while i < chars.len() && !chars[i].1.is_whitespace() {
                i += 1;
            }
            while i < chars.len() && chars[i].1.is_whitespace() {
                i += 1;
            }
            let end = chars.get(i).map_or(line.len(), |(p, _)| *p);
            parts.push(&line[start..end]);
            start = end;
        }
        parts
    }

    fn pformat_str(
        s: &str,
        out: &mut String,
        mut indent: isize,
        mut allowance: isize,
        level: usize,
    ) {
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
            } else {
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
                out.push_str(&" ".repeat(indent.max(0) as usize));
            }
            out.push_str(chunk);
        }
        if level == 1 {
            out.push(')');
        }
    }

    /// Indents every line by four spaces (jsonschema's `_utils.indent`).
    pub fn indent(text: &str) -> String {
        text.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A small jsonschema (Draft 7, as Quay's jsonschema 3.2 runs it) for the flat object bodies of
/// these two tags, producing Quay's exact `detail` text for the best-matching error.
pub mod schema {
    use serde_json::Value;

    use super::py;

    /// A JSON type name of jsonschema.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Ty {
        /// `string`
        String,
        /// `null`
        Null,
        /// `object`
        Object,
    }

    impl Ty {
        fn name(self) -> &'static str {
            match self {
                Ty::String => "string",
                Ty::Null => "null",
                Ty::Object => "object",
            }
        }

        fn accepts(self, v: &Value) -> bool {
            match self {
                Ty::String => v.is_string(),
                Ty::Null => v.is_null(),
                Ty::Object => v.is_object(),
            }
        }
    }

    /// One property: its validators in the order Quay's schema lists them.
    #[derive(Debug)]
    pub struct Property {
        /// Name.
        pub name: &'static str,
        /// `type` (one or several).
        pub types: &'static [Ty],
        /// `enum` (None stands for Python's `None`).
        pub enumeration: Option<&'static [Option<&'static str>]>,
        /// `maxLength`.
        pub max_length: Option<usize>,
        /// `pprint.pformat` of the property's schema, indented.
        pub pformat: &'static str,
    }

    /// An object schema.
    #[derive(Debug)]
    pub struct Object {
        /// `required`, in order.
        pub required: &'static [&'static str],
        /// `properties`, in the schema's order.
        pub properties: &'static [Property],
        /// `pprint.pformat` of the whole schema, indented.
        pub pformat: &'static str,
    }

    fn full(
        message: String,
        validator: &str,
        schema_path: &str,
        schema: &str,
        at: &str,
        instance: &Value,
    ) -> String {
        format!(
            "{message}\n\nFailed validating '{validator}' in schema{schema_path}:\n{schema}\n\nOn instance{at}:\n{}",
            py::indent(&py::pformat(instance))
        )
    }

    fn enum_repr(values: &[Option<&str>]) -> String {
        let parts: Vec<String> = values
            .iter()
            .map(|v| v.map_or("None".to_string(), py::str_repr))
            .collect();
        format!("[{}]", parts.join(", "))
    }

    impl Object {
        /// Validates `v`; the error is the message jsonschema's `best_match` would give.
        pub fn validate(&self, v: &Value) -> Result<(), String> {
            let Some(map) = v.as_object() else {
                return Err(full(
                    format!("{} is not of type 'object'", py::repr(v)),
                    "type",
                    "",
                    self.pformat,
                    "",
                    v,
                ));
            };
            for name in self.required {
                if !map.contains_key(*name) {
                    return Err(full(
                        format!("{} is a required property", py::str_repr(name)),
                        "required",
                        "",
                        self.pformat,
                        "",
                        v,
                    ));
                }
            }
            for p in self.properties {
                let Some(value) = map.get(p.name) else {
                    continue;
                };
                let schema_path = format!("['properties'][{}]", py::str_repr(p.name));
                let at = format!("[{}]", py::str_repr(p.name));
                if !p.types.iter().any(|t| t.accepts(value)) {
                    let names: Vec<String> =
                        p.types.iter().map(|t| format!("'{}'", t.name())).collect();
                    return Err(full(
                        format!("{} is not of type {}", py::repr(value), names.join(", ")),
                        "type",
                        &schema_path,
                        p.pformat,
                        &at,
                        value,
                    ));
                }
                if let Some(values) = p.enumeration {
                    let ok = values.iter().any(|e| match e {
                        None => value.is_null(),
                        Some(s) => value.as_str() == Some(*s),
                    });
                    if !ok {
                        return Err(full(
                            format!("{} is not one of {}", py::repr(value), enum_repr(values)),
                            "enum",
                            &schema_path,
                            p.pformat,
                            &at,
                            value,
                        ));
                    }
                }
                if let (Some(max), Some(s)) = (p.max_length, value.as_str())
                    && s.chars().count() > max
                {
                    return Err(full(
                        format!("{} is too long", py::repr(value)),
                        "maxLength",
                        &schema_path,
                        p.pformat,
                        &at,
                        value,
                    ));
                }
            }
            Ok(())
        }
    }
}

/// Quay's `NewRepo` schema.
pub const NEW_REPO: schema::Object = schema::Object {
    required: &["repository", "visibility", "description"],
    properties: &[
        schema::Property {
            name: "repository",
            types: &[schema::Ty::String],
            enumeration: None,
            max_length: None,
            pformat: "    {'description': 'Repository name', 'type': 'string'}",
        },
        schema::Property {
            name: "visibility",
            types: &[schema::Ty::String],
            enumeration: Some(&[Some("public"), Some("private")]),
            max_length: None,
            pformat: "    {'description': 'Visibility which the repository will start with',\n     'enum': ['public', 'private'],\n     'type': 'string'}",
        },
        schema::Property {
            name: "namespace",
            types: &[schema::Ty::String],
            enumeration: None,
            max_length: None,
            pformat: "    {'description': 'Namespace in which the repository should be created. '\n                    'If omitted, the username of the caller is used',\n     'type': 'string'}",
        },
        schema::Property {
            name: "description",
            types: &[schema::Ty::String],
            enumeration: None,
            max_length: None,
            pformat: "    {'description': 'Markdown encoded description for the repository',\n     'type': 'string'}",
        },
        schema::Property {
            name: "repo_kind",
            types: &[schema::Ty::String, schema::Ty::Null],
            enumeration: Some(&[Some("image"), None]),
            max_length: None,
            pformat: "    {'description': 'The kind of repository',\n     'enum': ['image', None],\n     'type': ['string', 'null']}",
        },
    ],
    pformat: "    {'description': 'Description of a new repository',
     'properties': {'description': {'description': 'Markdown encoded '
                                                   'description for the '
                                                   'repository',
                                    'type': 'string'},
                    'namespace': {'description': 'Namespace in which the '
                                                 'repository should be '
                                                 'created. If omitted, the '
                                                 'username of the caller '
                                                 'is used',
                                  'type': 'string'},
                    'repo_kind': {'description': 'The kind of repository',
                                  'enum': ['image', None],
                                  'type': ['string', 'null']},
                    'repository': {'description': 'Repository name',
                                   'type': 'string'},
                    'visibility': {'description': 'Visibility which the '
                                                  'repository will start '
                                                  'with',
                                   'enum': ['public', 'private'],
                                   'type': 'string'}},
     'required': ['repository', 'visibility', 'description'],
     'type': 'object'}",
};

// ------------------------------------------------------------------------------------------
// Error documents this tag needs beyond the core's

/// 402 `exceeds_license` (only with billing, which this server does not have).
pub struct E402;

impl ErrorDoc for E402 {
    fn response() -> MetaResponse {
        MetaResponse {
            description: "Payment Required",
            status: Some(402),
            status_range: None,
            content: vec![MetaMediaType {
                content_type: "application/json",
                schema: ApiError::schema_ref(),
            }],
            headers: vec![],
        }
    }
    fn register(registry: &mut Registry) {
        ApiError::register(registry);
    }
}

/// 401 sent only as the `text/html` AuthError (anonymous access disabled).
pub struct E401Html;

impl ErrorDoc for E401Html {
    fn response() -> MetaResponse {
        MetaResponse {
            description: "Anonymous access is not allowed",
            status: Some(401),
            status_range: None,
            content: vec![MetaMediaType {
                content_type: "text/html",
                schema: AuthError::schema_ref(),
            }],
            headers: vec![],
        }
    }
    fn register(registry: &mut Registry) {
        AuthError::register(registry);
    }
}

// ------------------------------------------------------------------------------------------
// Permissions

fn team_rank(role: TeamRole) -> u8 {
    match role {
        TeamRole::Member => 1,
        TeamRole::Creator => 2,
        TeamRole::Admin => 3,
    }
}

/// The caller's namespace-wide role in `name`, capped by its token's scopes as Quay caps team
/// roles (`org:admin` up to admin, `repo:create` up to creator, nothing else gives any). A user
/// is the admin of its own namespace. Full-access superusers are not considered here.
pub fn namespace_role(
    tx: &Transaction<'_>,
    who: &Identity,
    name: &str,
    ns: Option<&Namespace>,
) -> Result<Option<TeamRole>, QuayError> {
    let Some((uid, uname)) = &who.user else {
        return Ok(None);
    };
    let role = if uname == name {
        Some(TeamRole::Admin)
    } else {
        match ns {
            Some(n) if n.kind == "org" => {
                org_role(tx, n.id, *uid)?.and_then(|r| TeamRole::parse(&r))
            }
            _ => None,
        }
    };
    let cap = if who.scopes.has(Scope::OrgAdmin) {
        Some(TeamRole::Admin)
    } else if who.scopes.has(Scope::RepoCreate) {
        Some(TeamRole::Creator)
    } else {
        None
    };
    Ok(match (role, cap) {
        (Some(r), Some(c)) => Some(if team_rank(r) <= team_rank(c) { r } else { c }),
        _ => None,
    })
}

/// `AdministerOrganizationPermission(name)` (own user namespace included) or a full-access
/// superuser.
pub fn administers_namespace(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    name: &str,
    ns: Option<&Namespace>,
) -> Result<bool, QuayError> {
    Ok(who.has_full_access(cfg) || namespace_role(tx, who, name, ns)? == Some(TeamRole::Admin))
}

/// The caller's role on a repository (direct, team, organization admin, own namespace), capped
/// by its token's scopes (`repo:admin`, `repo:write`, `repo:read`).
pub fn capped_repo_role(
    tx: &Transaction<'_>,
    who: &Identity,
    repo_id: i64,
) -> Result<Option<RepositoryRole>, QuayError> {
    let Some((uid, _)) = &who.user else {
        return Ok(None);
    };
    let Some(role) = repo_role(tx, repo_id, *uid)?.and_then(RepositoryRole::parse) else {
        return Ok(None);
    };
    let cap = if who.scopes.has(Scope::RepoAdmin) {
        RepositoryRole::Admin
    } else if who.scopes.has(Scope::RepoWrite) {
        RepositoryRole::Write
    } else if who.scopes.has(Scope::RepoRead) {
        RepositoryRole::Read
    } else {
        return Ok(None);
    };
    Ok(Some(role.min(cap)))
}

/// Splits `{repository}` on the first `/`; a value without one matches no route in Quay.
fn split_repository(value: &str) -> Result<(String, String), QuayError> {
    match value.split_once('/') {
        Some((ns, name)) if !name.is_empty() => Ok((ns.to_string(), name.to_string())),
        _ => Err(QuayError::message(404, URL_NOT_FOUND)),
    }
}

// ------------------------------------------------------------------------------------------
// Pagination

const PAGE: i64 = 100;
const TOKEN_PREFIX: &str = "gAAAAAB";
const TOKEN_LIFETIME_S: i64 = 2 * 24 * 3600;

fn encode_page_token(start_id: i64) -> String {
    let expires = chrono::Utc::now().timestamp() + TOKEN_LIFETIME_S;
    let plain = format!("repo:{start_id}:{expires}");
    let hex: String = plain.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

/// The start id of a page token; `None` (first page) for anything invalid or expired.
fn decode_page_token(token: &str) -> Option<i64> {
    let hex = token.strip_prefix(TOKEN_PREFIX)?;
    if hex.len() % 2 != 0 || !hex.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    let plain = String::from_utf8(bytes?).ok()?;
    let mut parts = plain.split(':');
    if parts.next()? != "repo" {
        return None;
    }
    let start: i64 = parts.next()?.parse().ok()?;
    let expires: i64 = parts.next()?.parse().ok()?;
    (expires > chrono::Utc::now().timestamp()).then_some(start)
}

// ------------------------------------------------------------------------------------------
// Views

fn detail_view(
    repo: &Repo,
    can_write: bool,
    can_admin: bool,
    include_tags: bool,
) -> RepositoryDetail {
    RepositoryDetail {
        namespace: repo.namespace.clone(),
        name: repo.name.clone(),
        kind: RepositoryKind::parse(&repo.kind).unwrap_or(RepositoryKind::Image),
        description: repo.description.clone(),
        is_public: repo.is_public(),
        is_organization: repo.namespace_kind == "org",
        is_starred: false,
        status_token: if repo.is_public() {
            String::new()
        } else {
            repo.badge_token()
        },
        trust_enabled: false,
        tag_expiration_s: repo.tag_expiration_s,
        is_free_account: true,
        state: RepositoryState::parse(&repo.state),
        tags: include_tags.then(HashMap::new),
        can_write,
        can_admin,
        stats: None,
    }
}

/// Quay's three months of action counts: the recorded days first (a repository starts with a
/// zero count dated the day before its creation), then a zero for every other day of the last
/// 91 days.
fn action_stats(repo: &Repo) -> Vec<RepositoryActionStat> {
    let today = chrono::Utc::now().date_naive();
    let mut stats = Vec::new();
    let mut found = std::collections::HashSet::new();
    if let Some(created) = crate::time::parse_db(&repo.created_at) {
        let recorded = created.date_naive() - chrono::Duration::days(1);
        if recorded >= today - chrono::Duration::days(92) {
            stats.push(RepositoryActionStat {
                date: recorded.to_string(),
                count: 0,
            });
            found.insert(recorded);
        }
    }
    for day in 1..92 {
        let date = today - chrono::Duration::days(day);
        if !found.contains(&date) {
            stats.push(RepositoryActionStat {
                date: date.to_string(),
                count: 0,
            });
        }
    }
    stats
}

#[OpenApi(tag = "ApiTags::Repository")]
impl RepositoryApi {
    /// Create a repository
    ///
    /// Creates an empty repository in `namespace` (default: the caller's own namespace); the
    /// creator gets a direct `admin` permission on it.
    #[oai(
        path = "/api/v1/repository",
        method = "post",
        operation_id = "createRepo"
    )]
    async fn create_repo(
        &self,
        who: Data<&Arc<Identity>>,
        body: JsonBody<NewRepo>,
    ) -> Reply<Created201<CreatedRepository>, (E400, E401, E402, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let body = body.required(&NEW_REPO);
        self.state
            .store
            .write(move |tx| {
                let req = body?;
                let Some((uid, uname)) = who.user.clone() else {
                    return Err(QuayError::invalid_request(
                        "Must provide a namespace or must be logged in.",
                    ));
                };
                let namespace_name = req
                    .get("namespace")
                    .and_then(Value::as_str)
                    .map_or(uname.clone(), str::to_string);
                let ns = namespace::by_name(tx, &namespace_name)?;
                let role = namespace_role(tx, &who, &namespace_name, ns.as_ref())?;
                let allowed = who.has_full_access(&cfg)
                    || matches!(role, Some(TeamRole::Admin | TeamRole::Creator));
                if !allowed {
                    return Err(who.refuse());
                }
                let name = req["repository"].as_str().unwrap_or_default().to_string();
                let visibility = req["visibility"].as_str().unwrap_or("private").to_string();
                let description = req["description"].as_str().map(str::to_string);
                if repo_store::lookup(tx, &namespace_name, &name)?.is_some() {
                    return Err(QuayError::invalid_request("Repository already exists"));
                }
                if !repo_store::valid_name(&name) {
                    return Err(QuayError::invalid_request("Invalid repository name"));
                }
                // Quay crashes (500) on a namespace that does not exist; refuse it instead.
                let ns = ns.filter(|n| n.kind != "robot").ok_or_else(|| {
                    QuayError::invalid_request(format!(
                        "Namespace does not exist: {namespace_name}"
                    ))
                })?;
                repo_store::create(
                    tx,
                    ns.id,
                    &name,
                    &visibility,
                    description.as_deref(),
                    "image",
                    Some(uid),
                )?;
                namespace::log(
                    tx,
                    "create_repo",
                    Some(uid),
                    Some(ns.id),
                    json!({"repo": name, "namespace": namespace_name}),
                )?;
                Ok(CreatedRepository {
                    namespace: namespace_name,
                    name,
                    kind: RepositoryKind::Image,
                })
            })
            .await
            .into()
    }

    /// List repositories
    ///
    /// Lists the repositories visible to the caller, 100 per page; at least one of `namespace`,
    /// `starred` or `public` is required.
    #[allow(clippy::too_many_arguments)]
    #[oai(
        path = "/api/v1/repository",
        method = "get",
        operation_id = "listRepos"
    )]
    async fn list_repos(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Query<Option<String>>,
        starred: Query<Option<TruthyBool>>,
        public: Query<Option<TruthyBool>>,
        last_modified: Query<Option<TruthyBool>>,
        popularity: Query<Option<TruthyBool>>,
        repo_kind: Query<Option<RepoKindParam>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<RepositoryList>, (E400, E401Html)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let namespace = namespace.0.filter(|n| !n.is_empty());
        let starred = truthy(&starred.0, false);
        let public = truthy(&public.0, false);
        let last_modified = truthy(&last_modified.0, false);
        let popularity = truthy(&popularity.0, false);
        let kind = repo_kind.0.map_or_else(|| "image".to_string(), |k| k.0);
        let start_id = next_page.0.as_deref().and_then(decode_page_token);
        self.state
            .store
            .read(move |tx| {
                if namespace.is_none() && !starred && !public {
                    return Err(QuayError::invalid_request(
                        "namespace, starred or public are required for this API call",
                    ));
                }
                let user_id = who.user.as_ref().map(|(id, _)| *id);
                if starred && user_id.is_none() {
                    return Err(QuayError::message(400, crate::error::MALFORMED_JSON));
                }
                let Some(kind_value) = RepositoryKind::parse(&kind) else {
                    if public || user_id.is_some() {
                        return Err(QuayError::message(400, "Unknown repository kind"));
                    }
                    return Ok(RepositoryList {
                        repositories: Vec::new(),
                        next_page: None,
                    });
                };
                let (repos, next) = if starred {
                    // This server keeps no stars: the starred list is always empty.
                    (Vec::new(), None)
                } else {
                    let superuser = who.is_global_readonly(&cfg) || who.has_full_access(&cfg);
                    let mut repos = repo_store::visible(
                        tx,
                        &Visibility {
                            user_id,
                            namespace: namespace.as_deref(),
                            include_public: public,
                            superuser,
                            kind: &kind,
                            start_id,
                        },
                        PAGE + 1,
                    )?;
                    let next = if repos.len() as i64 > PAGE {
                        let start = repos[PAGE as usize].id;
                        repos.truncate(PAGE as usize);
                        Some(encode_page_token(start))
                    } else {
                        None
                    };
                    (repos, next)
                };
                let mut quotas: HashMap<i64, Option<i64>> = HashMap::new();
                let mut out = Vec::with_capacity(repos.len());
                for repo in repos {
                    let quota_report = if cfg.quotas_enabled() {
                        let configured = match quotas.get(&repo.namespace_id) {
                            Some(c) => *c,
                            None => {
                                let c = crate::api::quota_report(tx, &cfg, repo.namespace_id)?
                                    .configured_quota;
                                quotas.insert(repo.namespace_id, c);
                                c
                            }
                        };
                        Some(RepositoryQuotaUsage {
                            quota_bytes: 0,
                            configured_quota: configured,
                        })
                    } else {
                        None
                    };
                    out.push(RepositorySummary {
                        is_public: repo.is_public(),
                        namespace: repo.namespace,
                        name: repo.name,
                        description: repo.description,
                        kind: kind_value,
                        state: RepositoryState::parse(&repo.state),
                        last_modified: if last_modified {
                            MaybeUndefined::Null
                        } else {
                            MaybeUndefined::Undefined
                        },
                        popularity: popularity.then_some(0.0),
                        is_starred: user_id.map(|_| false),
                        quota_report,
                    });
                }
                Ok(RepositoryList {
                    repositories: out,
                    next_page: next,
                })
            })
            .await
            .into()
    }

    /// Get a repository
    ///
    /// Returns a repository with its tags (none are stored here) and, on request, three months
    /// of action statistics.
    #[oai(
        path = "/api/v1/repository/:repository",
        method = "get",
        operation_id = "getRepo"
    )]
    async fn get_repo(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        #[oai(name = "includeTags")] include_tags: Query<Option<TruthyBool>>,
        #[oai(name = "includeStats")] include_stats: Query<Option<TruthyBool>>,
    ) -> Reply<Ok200<RepositoryDetail>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let include_tags = truthy(&include_tags.0, true);
        let include_stats = truthy(&include_stats.0, false);
        self.state
            .store
            .read(move |tx| {
                let (ns, name) = split_repository(&repository.0)?;
                let repo = repo_store::lookup(tx, &ns, &name)?;
                let role = match &repo {
                    Some(r) => capped_repo_role(tx, &who, r.id)?,
                    None => None,
                };
                let full_access = who.has_full_access(&cfg);
                let global_ro = who.is_global_readonly(&cfg);
                let readable = role.is_some()
                    || repo.as_ref().is_some_and(Repo::is_public)
                    || global_ro
                    || full_access;
                if !readable {
                    return Err(who.refuse());
                }
                let repo = repo.ok_or_else(QuayError::not_found)?;
                let normal = repo.state == "NORMAL";
                let mut can_write = role >= Some(RepositoryRole::Write) && normal;
                let mut can_admin = role == Some(RepositoryRole::Admin);
                if global_ro {
                    can_admin = true;
                } else if full_access {
                    can_admin = true;
                    can_write = normal;
                }
                let mut view = detail_view(&repo, can_write, can_admin, include_tags);
                if include_stats {
                    view.stats = Some(action_stats(&repo));
                }
                Ok(view)
            })
            .await
            .into()
    }

    /// Delete a repository
    ///
    /// Deletes the repository with everything under it (permissions). Needs repository admin.
    #[oai(
        path = "/api/v1/repository/:repository",
        method = "delete",
        operation_id = "deleteRepository"
    )]
    async fn delete_repository(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let (ns, name) = split_repository(&repository.0)?;
                let repo = repo_store::lookup(tx, &ns, &name)?;
                let admin = match &repo {
                    Some(r) => capped_repo_role(tx, &who, r.id)? == Some(RepositoryRole::Admin),
                    None => false,
                };
                if !(admin || who.has_full_access(&cfg)) {
                    return Err(who.refuse());
                }
                // A full-access superuser naming an unknown namespace crashes Quay (500); the
                // intended answer is 404. An unknown repository in a known namespace is a no-op.
                let namespace = namespace::by_name(tx, &ns)?.ok_or_else(QuayError::not_found)?;
                if let Some(r) = &repo {
                    repo_store::delete(tx, r.id)?;
                }
                namespace::log(
                    tx,
                    "delete_repo",
                    who.user.as_ref().map(|(id, _)| *id),
                    Some(namespace.id),
                    json!({"repo": name, "namespace": ns}),
                )?;
                Ok(())
            })
            .await
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthy_bool_is_quays() {
        for f in ["false", "False", "FALSE", "0", "", "null"] {
            assert!(!TruthyBool::parse_from_parameter(f).unwrap().0, "{f}");
        }
        for t in ["true", "1", "yes", "no", "off", "True"] {
            assert!(TruthyBool::parse_from_parameter(t).unwrap().0, "{t}");
        }
    }

    #[test]
    fn page_tokens_round_trip_and_bad_ones_restart() {
        let t = encode_page_token(42);
        assert!(t.starts_with("gAAAAAB"));
        assert_eq!(decode_page_token(&t), Some(42));
        assert_eq!(decode_page_token("garbage"), None);
        assert_eq!(decode_page_token("gAAAAABzz"), None);
        let expired: String = "repo:5:1".bytes().map(|b| format!("{b:02x}")).collect();
        assert_eq!(decode_page_token(&format!("gAAAAAB{expired}")), None);
    }

    #[test]
    fn python_reprs() {
        assert_eq!(py::repr(&json!("it's")), "\"it's\"");
        assert_eq!(py::repr(&json!("a'b\"c")), "'a\\'b\"c'");
        assert_eq!(py::repr(&json!(null)), "None");
        assert_eq!(
            py::repr(&json!([true, 5, 5.0, 1e20, 0.0001, 1e-5])),
            "[True, 5, 5.0, 1e+20, 0.0001, 1e-05]"
        );
        assert_eq!(py::repr(&json!({"b": 1, "a": "x"})), "{'a': 'x', 'b': 1}");
        assert_eq!(py::repr(&json!("tab\there\u{1}")), "'tab\\there\\x01'");
    }

    #[test]
    fn pformat_wraps_like_python() {
        // Reference outputs of Python 3's pprint.pformat(width=72).
        let v = json!({"description": "Visibility which the repository will start with", "enum": ["public", "private"], "type": "string"});
        assert_eq!(
            py::pformat(&v),
            "{'description': 'Visibility which the repository will start with',\n 'enum': ['public', 'private'],\n 'type': 'string'}"
        );
        let long = json!("word ".repeat(20));
        assert_eq!(
            py::pformat(&long),
            "('word word word word word word word word word word word word word '\n 'word word word word word word word ')"
        );
        let nested = json!({"a": "word ".repeat(30), "b": (0..12).map(|i| format!("item {i}")).collect::<Vec<_>>()});
        assert_eq!(
            py::pformat(&nested),
            "{'a': 'word word word word word word word word word word word word '\n      'word word word word word word word word word word word word '\n      'word word word word word word ',\n 'b': ['item 0',\n       'item 1',\n       'item 2',\n       'item 3',\n       'item 4',\n       'item 5',\n       'item 6',\n       'item 7',\n       'item 8',\n       'item 9',\n       'item 10',\n       'item 11']}"
        );
        let list = json!(["word ".repeat(30), {"z": "x y ".repeat(25)}]);
        assert_eq!(
            py::pformat(&list),
            "['word word word word word word word word word word word word word '\n 'word word word word word word word word word word word word word '\n 'word word word word ',\n {'z': 'x y x y x y x y x y x y x y x y x y x y x y x y x y x y x y x '\n       'y x y x y x y x y x y x y x y x y x y '}]"
        );
        let unbreakable = json!({"description": "x".repeat(300)});
        assert_eq!(
            py::pformat(&unbreakable),
            format!("{{'description': '{}'}}", "x".repeat(300))
        );
    }

    #[test]
    fn new_repo_messages_match_quay() {
        let e = NEW_REPO
            .validate(&json!({"repository": "web", "visibility": "secret", "description": "d"}))
            .unwrap_err();
        assert_eq!(
            e,
            "'secret' is not one of ['public', 'private']\n\nFailed validating 'enum' in schema['properties']['visibility']:\n    {'description': 'Visibility which the repository will start with',\n     'enum': ['public', 'private'],\n     'type': 'string'}\n\nOn instance['visibility']:\n    'secret'"
        );
        let e = NEW_REPO
            .validate(&json!({"repository": "web", "description": "d"}))
            .unwrap_err();
        assert!(
            e.starts_with("'visibility' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Description of a new repository',"),
            "{e}"
        );
        assert!(
            e.ends_with("On instance:\n    {'description': 'd', 'repository': 'web'}"),
            "{e}"
        );
        let e = NEW_REPO.validate(&json!([])).unwrap_err();
        assert!(
            e.starts_with("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n"),
            "{e}"
        );
        let e = NEW_REPO
            .validate(&json!({"repository": "web", "visibility": "public", "description": "d", "repo_kind": 5}))
            .unwrap_err();
        assert!(e.starts_with("5 is not of type 'string', 'null'"), "{e}");
        NEW_REPO
            .validate(&json!({"repository": "web", "visibility": "public", "description": "d", "repo_kind": null, "extra": 1}))
            .unwrap();
    }
}
