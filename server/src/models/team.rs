//! Schemas of the `team` tag, and the pieces of Quay's request handling the team and permission
//! areas share: bodies checked with Quay's own jsonschema messages ([`Validated`]), constant
//! string fields, and Quay's `truthy_bool` query parameters ([`TruthyBool`]).

use std::borrow::Cow;
use std::collections::HashMap;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{
    ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type,
};
use poem_openapi::{Object, Union};
use serde_json::{Value, json};

use super::{Avatar, RepositoryRole, TeamRole};
use crate::error::QuayError;

/// Declares a string type that only ever holds one value, documented inline as
/// `{type: string, enum: [value]}` (no component of its own).
macro_rules! const_string {
    ($(#[$m:meta])* $name:ident, $value:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name;

        impl Type for $name {
            const IS_REQUIRED: bool = true;
            type RawValueType = Self;
            type RawElementValueType = Self;

            fn name() -> Cow<'static, str> {
                "string".into()
            }

            fn schema_ref() -> MetaSchemaRef {
                MetaSchemaRef::Inline(Box::new(MetaSchema {
                    enum_items: vec![json!($value)],
                    ..MetaSchema::new("string")
                }))
            }

            fn as_raw_value(&self) -> Option<&Self> {
                Some(self)
            }

            fn raw_element_iter<'a>(
                &'a self,
            ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
                Box::new(self.as_raw_value().into_iter())
            }
        }

        impl ToJSON for $name {
            fn to_json(&self) -> Option<Value> {
                Some(json!($value))
            }
        }

        impl ParseFromJSON for $name {
            fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
                match value {
                    Some(Value::String(s)) if s == $value => Ok(Self),
                    other => Err(ParseError::expected_type(other.unwrap_or_default())),
                }
            }
        }
    };
}

const_string!(
    /// The string `"user"` (`kind` of a team member, robots included).
    UserKind,
    "user"
);
const_string!(
    /// The string `"invite"` (`kind` of an e-mail invite).
    InviteKind,
    "invite"
);

/// A query parameter read with Quay's `truthy_bool`: `false`, `False`, `FALSE`, `0`, an empty
/// value and `null` are false, anything else is true; it never fails to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TruthyBool(pub bool);

impl Type for TruthyBool {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        "boolean".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            default: Some(Value::Bool(false)),
            ..MetaSchema::new("boolean")
        }))
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ToJSON for TruthyBool {
    fn to_json(&self) -> Option<Value> {
        Some(Value::Bool(self.0))
    }
}

impl ParseFromParameter for TruthyBool {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(TruthyBool(!matches!(
            value,
            "false" | "False" | "FALSE" | "0" | "" | "null"
        )))
    }
}

/// Python's rendering of JSON values (`repr` and `pprint.pformat`), for Quay's jsonschema
/// messages.
pub mod python {
    use serde_json::Value;

    fn printable(c: char) -> bool {
        let u = c as u32;
        if c.is_control() || (c.is_whitespace() && c != ' ') {
            return false;
        }
        !matches!(u,
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

    fn float_repr(f: f64) -> String {
        if f.is_nan() {
            return "nan".into();
        }
        if f.is_infinite() {
            return if f > 0.0 { "inf".into() } else { "-inf".into() };
        }
        let a = f.abs();
        if a != 0.0 && !(1e-4..1e16).contains(&a) {
            let e = format!("{f:e}");
            let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        } else {
            format!("{f:?}")
        }
    }

    /// `repr()` of a JSON value as Python's `json` module loads it (objects with sorted keys,
    /// as `pprint` shows them).
    pub fn repr(v: &Value) -> String {
        match v {
            Value::Null => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => i.to_string(),
                (_, Some(u), _) => u.to_string(),
                (_, _, Some(f)) => float_repr(f),
                _ => n.to_string(),
            },
            Value::String(s) => str_repr(s),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(repr).collect();
                format!("[{}]", parts.join(", "))
            }
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let parts: Vec<String> = keys
                    .into_iter()
                    .map(|k| format!("{}: {}", str_repr(k), repr(&map[k])))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
        }
    }

    /// `pprint.pformat(v, width=width)`.
    pub fn pformat(v: &Value, width: usize) -> String {
        let mut out = String::new();
        format(v, &mut out, 0, 0, 0, width);
        out
    }

    fn format(
        v: &Value,
        out: &mut String,
        indent: usize,
        allowance: usize,
        level: usize,
        width: usize,
    ) {
        let rep = repr(v);
        let max_width = width.saturating_sub(indent + allowance);
        if rep.chars().count() > max_width {
            match v {
                Value::Object(map) if !map.is_empty() => {
                    out.push('{');
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort();
                    let indent = indent + 1;
                    let last_index = keys.len() - 1;
                    for (i, k) in keys.into_iter().enumerate() {
                        let last = i == last_index;
                        let krep = str_repr(k);
                        out.push_str(&krep);
                        out.push_str(": ");
                        let a = if last { allowance + 1 } else { 1 };
                        format(
                            &map[k],
                            out,
                            indent + krep.chars().count() + 2,
                            a,
                            level + 1,
                            width,
                        );
                        if !last {
                            out.push_str(",\n");
                            out.push_str(&" ".repeat(indent));
                        }
                    }
                    out.push('}');
                    return;
                }
                Value::Array(items) if !items.is_empty() => {
                    out.push('[');
                    let indent = indent + 1;
                    let last_index = items.len() - 1;
                    for (i, item) in items.iter().enumerate() {
                        let last = i == last_index;
                        if i > 0 {
                            out.push_str(",\n");
                            out.push_str(&" ".repeat(indent));
                        }
                        let a = if last { allowance + 1 } else { 1 };
                        format(item, out, indent, a, level + 1, width);
                    }
                    out.push(']');
                    return;
                }
                Value::String(s) if !s.is_empty() => {
                    pformat_str(s, out, indent, allowance, level + 1, width);
                    return;
                }
                _ => {}
            }
        }
        out.push_str(&rep);
    }

    /// Python's `str.splitlines(True)` for the usual line ends.
    fn split_lines_keep(s: &str) -> Vec<&str> {
        let mut lines = Vec::new();
        let mut start = 0;
        let bytes: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < bytes.len() {
            let (pos, c) = bytes[i];
            let is_break = matches!(
                c,
                '\n' | '\r'
                    | '\x0b'
                    | '\x0c'
                    | '\x1c'
                    | '\x1d'
                    | '\x1e'
                    | '\u{85}'
                    | '\u{2028}'
                    | '\u{2029}'
            );
            if is_break {
                let mut end = pos + c.len_utf8();
                if c == '\r' && i + 1 < bytes.len() && bytes[i + 1].1 == '\n' {
                    end += 1;
                    i += 1;
                }
                lines.push(&s[start..end]);
                start = end;
            }
            i += 1;
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
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            let space_end = rest[non_space..]
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map(|(i, _)| non_space + i)
                .unwrap_or(rest.len());
            parts.push(&rest[..space_end]);
            rest = &rest[space_end..];
        }
        parts
    }

    fn pformat_str(
        s: &str,
        out: &mut String,
        mut indent: usize,
        mut allowance: usize,
        level: usize,
        width: usize,
    ) {
        let lines = split_lines_keep(s);
        if level == 1 {
            indent += 1;
            allowance += 1;
        }
        let max_width = width.saturating_sub(indent);
        let mut max_width1 = max_width;
        let mut chunks: Vec<String> = Vec::new();
        let mut rep = String::new();
        for (i, line) in lines.iter().enumerate() {
            rep = str_repr(line);
            if i == lines.len() - 1 {
                max_width1 = max_width1.saturating_sub(allowance);
            }
            if rep.chars().count() <= max_width1 {
                chunks.push(rep.clone());
            } else {
                let parts = words(line);
                let mut max_width2 = max_width;
                let mut current = String::new();
                for (j, part) in parts.iter().enumerate() {
                    let candidate = format!("{current}{part}");
                    if j == parts.len() - 1 && i == lines.len() - 1 {
                        max_width2 = max_width2.saturating_sub(allowance);
                    }
                    if str_repr(&candidate).chars().count() > max_width2 {
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
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(chunk);
        }
        if level == 1 {
            out.push(')');
        }
    }
}

/// One string property of a Quay request schema.
#[derive(Debug, Clone, Copy)]
pub struct StringProperty {
    /// Its name.
    pub name: &'static str,
    /// Its `description` in Quay's schema.
    pub description: &'static str,
    /// Its `enum`, if any.
    pub values: Option<&'static [&'static str]>,
}

/// A Quay request schema of the simple kind the team and permission areas use: an object with
/// string properties, some required. Checked as jsonschema 3.2 does (`best_match`), with its
/// messages.
#[derive(Debug, Clone, Copy)]
pub struct QuaySchema {
    /// The schema's `description`.
    pub description: &'static str,
    /// Required property names.
    pub required: &'static [&'static str],
    /// The properties, in Quay's order.
    pub properties: &'static [StringProperty],
}

impl QuaySchema {
    fn property_json(p: &StringProperty) -> Value {
        let mut v = json!({"type": "string", "description": p.description});
        if let Some(values) = p.values {
            v["enum"] = json!(values);
        }
        v
    }

    /// The schema as JSON.
    pub fn json(&self) -> Value {
        let properties: serde_json::Map<String, Value> = self
            .properties
            .iter()
            .map(|p| (p.name.to_string(), Self::property_json(p)))
            .collect();
        json!({
            "type": "object",
            "description": self.description,
            "required": self.required,
            "properties": properties,
        })
    }

    /// jsonschema's error text.
    fn error(
        message: String,
        validator: &str,
        schema_path: &str,
        schema: &Value,
        instance_path: &str,
        instance: &Value,
    ) -> String {
        let indent = |text: String| {
            text.lines()
                .map(|l| format!("    {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        format!(
            "{message}\n\nFailed validating '{validator}' in schema{schema_path}:\n{}\n\nOn instance{instance_path}:\n{}",
            indent(python::pformat(schema, 72)),
            indent(python::pformat(instance, 72)),
        )
    }

    /// Checks `instance`; the full jsonschema message of the best error when it fails.
    pub fn check(&self, instance: &Value) -> Result<(), String> {
        let Some(object) = instance.as_object() else {
            return Err(Self::error(
                format!("{} is not of type 'object'", python::repr(instance)),
                "type",
                "",
                &self.json(),
                "",
                instance,
            ));
        };
        if let Some(missing) = self.required.iter().find(|r| !object.contains_key(**r)) {
            return Err(Self::error(
                format!("{} is a required property", python::str_repr(missing)),
                "required",
                "",
                &self.json(),
                "",
                instance,
            ));
        }
        for p in self.properties {
            let Some(value) = object.get(p.name) else {
                continue;
            };
            let schema_path = format!("['properties'][{}]", python::str_repr(p.name));
            let instance_path = format!("[{}]", python::str_repr(p.name));
            let (message, validator) = match (value, p.values) {
                (Value::String(s), Some(values)) if !values.contains(&s.as_str()) => (
                    format!(
                        "{} is not one of {}",
                        python::repr(value),
                        python::repr(&json!(values))
                    ),
                    "enum",
                ),
                (Value::String(_), _) => continue,
                _ => (
                    format!("{} is not of type 'string'", python::repr(value)),
                    "type",
                ),
            };
            return Err(Self::error(
                message,
                validator,
                &schema_path,
                &Self::property_json(p),
                &instance_path,
                value,
            ));
        }
        Ok(())
    }
}

/// A request body type with a Quay schema.
pub trait QuayBody: ParseFromJSON + Type {
    /// Quay's schema for it.
    const SCHEMA: QuaySchema;
}

/// A request body checked against Quay's schema first: its parse never fails, so the handler
/// decides when a schema violation is reported (`into_inner`), after the 415 and malformed-JSON
/// checks of [`crate::body::Body`]. Documented as `T`.
pub struct Validated<T>(Result<T, String>);

impl<T> Validated<T> {
    /// The body, or 400 `invalid_request` with jsonschema's message.
    pub fn into_inner(self) -> Result<T, QuayError> {
        self.0.map_err(QuayError::invalid_request)
    }
}

impl<T: QuayBody> Type for Validated<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        T::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl<T: QuayBody> ParseFromJSON for Validated<T> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        let value = value.unwrap_or_default();
        let checked = T::SCHEMA
            .check(&value)
            .and_then(|()| T::parse_from_json(Some(value)).map_err(|e| e.into_message()));
        Ok(Validated(checked))
    }
}

/// Body of updateOrganizationTeam.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamDescription {
    /// Org wide permissions that should apply to the team.
    pub role: TeamRole,
    /// Markdown description for the team.
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
}

impl QuayBody for TeamDescription {
    const SCHEMA: QuaySchema = QuaySchema {
        description: "Description of a team",
        required: &["role"],
        properties: &[
            StringProperty {
                name: "role",
                description: "Org wide permissions that should apply to the team",
                values: Some(&["member", "creator", "admin"]),
            },
            StringProperty {
                name: "description",
                description: "Markdown description for the team",
                values: None,
            },
        ],
    };
}

/// A team of an organization.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamView {
    /// The team name.
    pub name: String,
    /// The team's description.
    pub description: String,
    /// Whether the caller may view the team.
    pub can_view: bool,
    /// The team's organization-wide role.
    pub role: TeamRole,
    /// The team's avatar.
    pub avatar: Avatar,
    /// Whether this request created the team.
    pub new_team: bool,
}

/// A member of a team, or a user's pending invite to it.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamMemberView {
    /// The user or robot name.
    pub name: String,
    /// Always `user`.
    pub kind: UserKind,
    /// Whether the member is a robot.
    pub is_robot: bool,
    /// The member's avatar.
    pub avatar: Avatar,
    /// Whether this is only an invite.
    pub invited: bool,
}

/// A pending invite of an e-mail address.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamInviteView {
    /// The invited address.
    pub email: String,
    /// Always `invite`.
    pub kind: InviteKind,
    /// Avatar computed for the address.
    pub avatar: Avatar,
    /// Always true.
    pub invited: bool,
}

/// One entry of a team's member list.
#[derive(Union, Debug, Clone, PartialEq)]
#[oai(one_of)]
pub enum TeamMemberOrInvite {
    /// A member, or a user's invite.
    Member(TeamMemberView),
    /// An e-mail invite.
    Invite(TeamInviteView),
}

/// The `can_sync` object of a team's member list.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamSyncCapability {
    /// The federated login service.
    pub service: String,
    /// LDAP: the base DN.
    #[oai(skip_serializing_if_is_none)]
    pub base_dn: Option<String>,
    /// OIDC: the issuer's host.
    #[oai(skip_serializing_if_is_none)]
    pub issuer_domain: Option<String>,
}

/// The `synced` object of a team's member list.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamSyncStatus {
    /// The service the team syncs from.
    pub service: String,
    /// Last sync, RFC 2822.
    #[oai(skip_serializing_if_is_none)]
    pub last_updated: Option<String>,
    /// The sync configuration.
    #[oai(skip_serializing_if_is_none)]
    pub config: Option<HashMap<String, Value>>,
}

/// A team's member list.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamMembers {
    /// The team name.
    pub name: String,
    /// Members, then pending invites.
    pub members: Vec<TeamMemberOrInvite>,
    /// Whether the caller administers the organization.
    pub can_edit: bool,
    /// Sync set-up capability (team syncing only).
    #[oai(skip_serializing_if_is_none)]
    pub can_sync: Option<TeamSyncCapability>,
    /// Sync status (synced teams only).
    #[oai(skip_serializing_if_is_none)]
    pub synced: Option<TeamSyncStatus>,
}

/// The repository of a team permission.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamPermissionRepository {
    /// The repository name, without the namespace.
    pub name: String,
    /// Whether the repository is public.
    pub is_public: bool,
}

/// A team's permission on one repository.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamRepositoryPermission {
    /// The repository.
    pub repository: TeamPermissionRepository,
    /// The role.
    pub role: RepositoryRole,
}

/// The repository permissions of a team.
#[derive(Object, Debug, Clone, PartialEq)]
pub struct TeamPermissionsList {
    /// One entry per repository.
    pub permissions: Vec<TeamRepositoryPermission>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pformat_matches_python() {
        let team = TeamDescription::SCHEMA.json();
        assert_eq!(
            python::pformat(&team, 72),
            "{'description': 'Description of a team',\n 'properties': {'description': {'description': 'Markdown description '\n                                               'for the team',\n                                'type': 'string'},\n                'role': {'description': 'Org wide permissions that '\n                                        'should apply to the team',\n                         'enum': ['member', 'creator', 'admin'],\n                         'type': 'string'}},\n 'required': ['role'],\n 'type': 'object'}"
        );
        // A long word cannot be split.
        let long_word = "x".repeat(100);
        assert_eq!(
            python::pformat(&json!(long_word), 72),
            format!("'{long_word}'")
        );
        let cases: Vec<(Value, &str)> = vec![
            (
                json!({"description": "Build engineers"}),
                "{'description': 'Build engineers'}",
            ),
            (
                json!("hello world ".repeat(10)),
                "('hello world hello world hello world hello world hello world hello '\n 'world hello world hello world hello world hello world ')",
            ),
            (
                json!([1, 2.5, null, true, "it's"]),
                "[1, 2.5, None, True, \"it's\"]",
            ),
            (json!(1e20), "1e+20"),
            (json!(1e-5), "1e-05"),
            (json!(123456789012345678.0), "1.2345678901234568e+17"),
            (json!("\u{e9}\u{a0}\n"), "'\u{e9}\\xa0\\n'"),
            (json!("say \"hi\" it's"), "'say \"hi\" it\\'s'"),
        ];
        for (value, expected) in cases {
            assert_eq!(python::pformat(&value, 72), expected, "{value}");
        }
        let mut long = String::from(
            "{'k': 'a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f '\n      'g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l '\n      'm n o p q r s t u v w x y z ',\n 'z': [1",
        );
        for _ in 0..39 {
            long.push_str(",\n       1");
        }
        long.push_str("]}");
        let value = json!({"k": "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(3), "z": vec![1; 40]});
        assert_eq!(python::pformat(&value, 72), long);
    }

    #[test]
    fn schema_messages_match_jsonschema() {
        let s = TeamDescription::SCHEMA;
        assert_eq!(
            s.check(&json!({"role": "owner"})).unwrap_err(),
            "'owner' is not one of ['member', 'creator', 'admin']\n\nFailed validating 'enum' in schema['properties']['role']:\n    {'description': 'Org wide permissions that should apply to the team',\n     'enum': ['member', 'creator', 'admin'],\n     'type': 'string'}\n\nOn instance['role']:\n    'owner'"
        );
        assert_eq!(
            s.check(&json!({"description": "Build engineers"}))
                .unwrap_err(),
            "'role' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Description of a team',\n     'properties': {'description': {'description': 'Markdown description '\n                                                   'for the team',\n                                    'type': 'string'},\n                    'role': {'description': 'Org wide permissions that '\n                                            'should apply to the team',\n                             'enum': ['member', 'creator', 'admin'],\n                             'type': 'string'}},\n     'required': ['role'],\n     'type': 'object'}\n\nOn instance:\n    {'description': 'Build engineers'}"
        );
        assert!(
            s.check(&json!({"role": 5, "description": 5}))
                .unwrap_err()
                .starts_with("5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['role']:")
        );
        assert!(
            s.check(&json!({"role": "admin", "description": null}))
                .unwrap_err()
                .starts_with("None is not of type 'string'\n\nFailed validating 'type' in schema['properties']['description']:\n    {'description': 'Markdown description for the team', 'type': 'string'}\n\nOn instance['description']:\n    None")
        );
        assert!(
            s.check(&json!([]))
                .unwrap_err()
                .starts_with("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n")
        );
        assert!(s.check(&json!({"role": "admin", "extra": 1})).is_ok());
    }

    #[test]
    fn truthy_bool_is_quay_lenient() {
        for (text, value) in [
            ("true", true),
            ("1", true),
            ("yes", true),
            ("False", false),
            ("0", false),
            ("", false),
            ("null", false),
        ] {
            assert_eq!(
                TruthyBool::parse_from_parameter(text).unwrap().0,
                value,
                "{text}"
            );
        }
    }
}
