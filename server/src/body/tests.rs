//! The Python port, the validator and the body checks against outputs of Python 3, jsonschema
//! 3.2 and Quay.

use serde_json::{Value, json};

use super::py::{self, Py, float_repr, str_repr};
use super::schema::validate;
use super::*;
use crate::models::{
    ApproveServiceKey, CreateInstallUser, CreateRobot, NewNamespaceQuota, NewRepo,
    SuperUserUpdateOrg, TeamDescription, UpdateNamespaceQuota,
};

/// `pprint.pformat(value, width=72)` of a JSON value.
fn pformat(v: &Value) -> String {
    py::pformat(&Py::from(v))
}

/// `repr(value)` of a JSON value.
fn repr(v: &Value) -> String {
    py::json_repr(v)
}

// ------------------------------------------------------------------ body checks

#[test]
fn quay_checks_in_order() {
    assert_eq!(
        decode_json(Some("text/plain"), b"{}").unwrap_err().status(),
        415
    );
    assert_eq!(decode_json(None, b"{}").unwrap_err().status(), 415);
    let e = decode_json(Some("application/json"), b"{nope").unwrap_err();
    assert_eq!(e, QuayError::message(400, MALFORMED_JSON));
    let e = decode_json(Some("application/json"), b"").unwrap_err();
    assert_eq!(e, QuayError::message(400, MALFORMED_JSON));
    let e = decode_json(Some("application/json"), b"null").unwrap_err();
    assert_eq!(e, QuayError::invalid_request("Missing JSON body"));
    assert!(decode_json(Some("application/json; charset=utf-8"), b"{}").is_ok());
}

#[test]
fn required_field_messages_read_like_quay() {
    assert_eq!(
        schema_message("failed to parse \"TeamDescription\": field `role` is required"),
        "'role' is a required property"
    );
}

// ------------------------------------------------------------------ Python's repr and pprint

#[test]
fn pformat_matches_python() {
    let team = TeamDescription::schema();
    assert_eq!(
        py::pformat(&team),
        "{'description': 'Description of a team',\n 'properties': {'description': {'description': 'Markdown description '\n                                               'for the team',\n                                'type': 'string'},\n                'role': {'description': 'Org wide permissions that '\n                                        'should apply to the team',\n                         'enum': ['member', 'creator', 'admin'],\n                         'type': 'string'}},\n 'required': ['role'],\n 'type': 'object'}"
    );
    // A long word cannot be split.
    let long_word = "x".repeat(100);
    assert_eq!(pformat(&json!(long_word)), format!("'{long_word}'"));
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
        assert_eq!(pformat(&value), expected, "{value}");
    }
    let mut long = String::from(
        "{'k': 'a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f '\n      'g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l '\n      'm n o p q r s t u v w x y z ',\n 'z': [1",
    );
    for _ in 0..39 {
        long.push_str(",\n       1");
    }
    long.push_str("]}");
    let value = json!({"k": "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(3), "z": vec![1; 40]});
    assert_eq!(pformat(&value), long);
}

#[test]
fn pformat_wraps_like_python() {
    // Reference outputs of Python 3's pprint.pformat(width=72).
    let v = json!({"description": "Visibility which the repository will start with", "enum": ["public", "private"], "type": "string"});
    assert_eq!(
        pformat(&v),
        "{'description': 'Visibility which the repository will start with',\n 'enum': ['public', 'private'],\n 'type': 'string'}"
    );
    let long = json!("word ".repeat(20));
    assert_eq!(
        pformat(&long),
        "('word word word word word word word word word word word word word '\n 'word word word word word word word ')"
    );
    let nested = json!({"a": "word ".repeat(30), "b": (0..12).map(|i| format!("item {i}")).collect::<Vec<_>>()});
    assert_eq!(
        pformat(&nested),
        "{'a': 'word word word word word word word word word word word word '\n      'word word word word word word word word word word word word '\n      'word word word word word word ',\n 'b': ['item 0',\n       'item 1',\n       'item 2',\n       'item 3',\n       'item 4',\n       'item 5',\n       'item 6',\n       'item 7',\n       'item 8',\n       'item 9',\n       'item 10',\n       'item 11']}"
    );
    let list = json!(["word ".repeat(30), {"z": "x y ".repeat(25)}]);
    assert_eq!(
        pformat(&list),
        "['word word word word word word word word word word word word word '\n 'word word word word word word word word word word word word word '\n 'word word word word ',\n {'z': 'x y x y x y x y x y x y x y x y x y x y x y x y x y x y x y x '\n       'y x y x y x y x y x y x y x y x y x y '}]"
    );
    let unbreakable = json!({"description": "x".repeat(300)});
    assert_eq!(
        pformat(&unbreakable),
        format!("{{'description': '{}'}}", "x".repeat(300))
    );
}

#[test]
fn python_reprs() {
    assert_eq!(repr(&json!("it's")), "\"it's\"");
    assert_eq!(repr(&json!("a'b\"c")), "'a\\'b\"c'");
    assert_eq!(repr(&json!(null)), "None");
    assert_eq!(
        repr(&json!([true, 5, 5.0, 1e20, 0.0001, 1e-5])),
        "[True, 5, 5.0, 1e+20, 0.0001, 1e-05]"
    );
    assert_eq!(repr(&json!({"b": 1, "a": "x"})), "{'a': 'x', 'b': 1}");
    assert_eq!(repr(&json!("tab\there\u{1}")), "'tab\\there\\x01'");
    assert_eq!(float_repr(5.0), "5.0");
    assert_eq!(float_repr(1e16), "1e+16");
    assert_eq!(float_repr(1.5e-5), "1.5e-05");
    assert_eq!(float_repr(0.1), "0.1");
    assert_eq!(str_repr("it's"), "\"it's\"");
    assert_eq!(
        py::repr(&Py::from(&json!([true, null, 1.5]))),
        "[True, None, 1.5]"
    );
}

// ------------------------------------------------------------------ jsonschema messages

#[test]
fn schema_messages_match_jsonschema() {
    let s = TeamDescription::schema();
    assert_eq!(
        validate(&json!({"role": "owner"}), &s).unwrap_err(),
        "'owner' is not one of ['member', 'creator', 'admin']\n\nFailed validating 'enum' in schema['properties']['role']:\n    {'description': 'Org wide permissions that should apply to the team',\n     'enum': ['member', 'creator', 'admin'],\n     'type': 'string'}\n\nOn instance['role']:\n    'owner'"
    );
    assert_eq!(
        validate(&json!({"description": "Build engineers"}), &s).unwrap_err(),
        "'role' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Description of a team',\n     'properties': {'description': {'description': 'Markdown description '\n                                                   'for the team',\n                                    'type': 'string'},\n                    'role': {'description': 'Org wide permissions that '\n                                            'should apply to the team',\n                             'enum': ['member', 'creator', 'admin'],\n                             'type': 'string'}},\n     'required': ['role'],\n     'type': 'object'}\n\nOn instance:\n    {'description': 'Build engineers'}"
    );
    assert!(
        validate(&json!({"role": 5, "description": 5}), &s)
            .unwrap_err()
            .starts_with("5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['role']:")
    );
    assert!(
        validate(&json!({"role": "admin", "description": null}), &s)
            .unwrap_err()
            .starts_with("None is not of type 'string'\n\nFailed validating 'type' in schema['properties']['description']:\n    {'description': 'Markdown description for the team', 'type': 'string'}\n\nOn instance['description']:\n    None")
    );
    assert!(
        validate(&json!([]), &s)
            .unwrap_err()
            .starts_with("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n")
    );
    assert!(validate(&json!({"role": "admin", "extra": 1}), &s).is_ok());
}

#[test]
fn new_repo_messages_match_quay() {
    let new_repo = NewRepo::schema();
    let e = validate(
        &json!({"repository": "web", "visibility": "secret", "description": "d"}),
        &new_repo,
    )
    .unwrap_err();
    assert_eq!(
        e,
        "'secret' is not one of ['public', 'private']\n\nFailed validating 'enum' in schema['properties']['visibility']:\n    {'description': 'Visibility which the repository will start with',\n     'enum': ['public', 'private'],\n     'type': 'string'}\n\nOn instance['visibility']:\n    'secret'"
    );
    let e = validate(&json!({"repository": "web", "description": "d"}), &new_repo).unwrap_err();
    assert!(
        e.starts_with("'visibility' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Description of a new repository',"),
        "{e}"
    );
    assert!(
        e.ends_with("On instance:\n    {'description': 'd', 'repository': 'web'}"),
        "{e}"
    );
    let e = validate(&json!([]), &new_repo).unwrap_err();
    assert!(
        e.starts_with("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n"),
        "{e}"
    );
    let e = validate(
        &json!({"repository": "web", "visibility": "public", "description": "d", "repo_kind": 5}),
        &new_repo,
    )
    .unwrap_err();
    assert!(e.starts_with("5 is not of type 'string', 'null'"), "{e}");
    validate(
        &json!({"repository": "web", "visibility": "public", "description": "d", "repo_kind": null, "extra": 1}),
        &new_repo,
    )
    .unwrap();
}

/// The whole schema as Quay prints it: each property on its own, then the object.
#[test]
fn new_repo_schema_prints_like_quay() {
    assert_eq!(
        py::indent(&py::pformat(&NewRepo::schema())),
        "    {'description': 'Description of a new repository',
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
     'type': 'object'}"
    );
    assert_eq!(
        py::indent(&py::pformat(&CreateRobot::schema())),
        "    {'description': 'Optional data for creating a robot',
     'properties': {'description': {'description': 'Optional text '
                                                   'description for the '
                                                   'robot',
                                    'maxLength': 255,
                                    'type': 'string'},
                    'unstructured_metadata': {'description': 'Optional '
                                                             'unstructured '
                                                             'metadata for '
                                                             'the robot',
                                              'type': 'object'}},
     'type': 'object'}"
    );
}

/// `schema['properties'][name]`.
fn property(schema: &Py, name: &str) -> Py {
    let Py::Dict(items) = schema else {
        panic!("not a dict")
    };
    let Some((_, Py::Dict(properties))) = items.iter().find(|(k, _)| k == "properties") else {
        panic!("no properties")
    };
    properties
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no property {name}"))
}

#[test]
fn properties_print_like_quay() {
    let cases = [
        (
            NewRepo::schema(),
            "repository",
            "    {'description': 'Repository name', 'type': 'string'}",
        ),
        (
            NewRepo::schema(),
            "visibility",
            "    {'description': 'Visibility which the repository will start with',\n     'enum': ['public', 'private'],\n     'type': 'string'}",
        ),
        (
            NewRepo::schema(),
            "namespace",
            "    {'description': 'Namespace in which the repository should be created. '\n                    'If omitted, the username of the caller is used',\n     'type': 'string'}",
        ),
        (
            NewRepo::schema(),
            "description",
            "    {'description': 'Markdown encoded description for the repository',\n     'type': 'string'}",
        ),
        (
            NewRepo::schema(),
            "repo_kind",
            "    {'description': 'The kind of repository',\n     'enum': ['image', None],\n     'type': ['string', 'null']}",
        ),
        (
            CreateRobot::schema(),
            "description",
            "    {'description': 'Optional text description for the robot',\n     'maxLength': 255,\n     'type': 'string'}",
        ),
        (
            CreateRobot::schema(),
            "unstructured_metadata",
            "    {'description': 'Optional unstructured metadata for the robot',\n     'type': 'object'}",
        ),
    ];
    for (schema, name, expected) in cases {
        assert_eq!(
            py::indent(&py::pformat(&property(&schema, name))),
            expected,
            "{name}"
        );
    }
}

#[test]
fn create_robot_messages_match_quay() {
    let create_robot = CreateRobot::schema();
    let e = validate(&json!({"unstructured_metadata": "abc"}), &create_robot).unwrap_err();
    assert_eq!(
        e,
        "'abc' is not of type 'object'\n\nFailed validating 'type' in schema['properties']['unstructured_metadata']:\n    {'description': 'Optional unstructured metadata for the robot',\n     'type': 'object'}\n\nOn instance['unstructured_metadata']:\n    'abc'"
    );
    let e = validate(&json!({"description": "x".repeat(256)}), &create_robot).unwrap_err();
    assert!(
        e.starts_with(&format!("'{}' is too long", "x".repeat(256))),
        "{e}"
    );
    validate(&json!({}), &create_robot).unwrap();
    assert!(validate(&json!("abc"), &create_robot).is_err());
}

#[test]
fn required_property_message_matches_quay() {
    let err = validate(
        &json!({"email": "someone@example.com"}),
        &CreateInstallUser::schema(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        "'username' is a required property\n\nFailed validating 'required' in schema:\n    {'description': 'Data for creating a user',\n     'id': 'CreateInstallUser',\n     'properties': {'email': {'description': 'The email address of the '\n                                             'user being created',\n                              'type': 'string'},\n                    'username': {'description': 'The username of the user '\n                                                'being created',\n                                 'type': 'string'}},\n     'required': ['username']}\n\nOn instance:\n    {'email': 'someone@example.com'}"
    );
}

#[test]
fn type_messages_match_quay() {
    let err = validate(&json!({"name": 5}), &SuperUserUpdateOrg::schema()).unwrap_err();
    assert_eq!(
        err,
        "5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['name']:\n    {'description': 'The new name for the organization', 'type': 'string'}\n\nOn instance['name']:\n    5"
    );
    let err = validate(&json!({"notes": 5}), &ApproveServiceKey::schema()).unwrap_err();
    assert_eq!(
        err,
        "5 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['notes']:\n    {'description': 'Optional approval notes', 'type': 'string'}\n\nOn instance['notes']:\n    5"
    );
}

#[test]
fn one_of_messages_match_quay() {
    let update = UpdateNamespaceQuota::schema();
    let new = NewNamespaceQuota::schema();
    let err = validate(&json!({"limit_bytes": 1024, "limit": "1 GiB"}), &update).unwrap_err();
    assert_eq!(
        err,
        "{} is not allowed for 1024\n\nFailed validating 'not' in schema[2]['properties']['limit_bytes']:\n    {'not': {}}\n\nOn instance['limit_bytes']:\n    1024"
    );
    assert!(validate(&json!({}), &update).is_ok());
    assert!(validate(&json!({"limit_bytes": 5}), &update).is_ok());
    assert!(validate(&json!({"limit": "5 GiB"}), &new).is_ok());
    let both = validate(&json!({"limit_bytes": 5, "limit": "5 GiB"}), &new).unwrap_err();
    assert!(both.contains("is valid under each of"), "{both}");
    let neither = validate(&json!({}), &new).unwrap_err();
    assert!(
        neither.starts_with("'limit_bytes' is a required property"),
        "{neither}"
    );
    let bad = validate(&json!({"limit": "5 GB!"}), &new).unwrap_err();
    assert!(bad.starts_with("'5 GB!' does not match '^(\\\\d+"), "{bad}");
}

#[test]
fn fields_check_themselves() {
    let string = py!({"type": "string"});
    assert_eq!(
        field(None, "name", true, &string),
        Err("'name' is a required property".into())
    );
    assert_eq!(field(None, "name", false, &string), Ok(None));
    assert_eq!(
        field(Some(json!(123)), "name", true, &string),
        Err("123 is not of type 'string'".into())
    );
    let minimum = py!({"type": "integer", "minimum": 0});
    assert_eq!(
        field(Some(json!(-1)), "", false, &minimum),
        Err("-1 is less than the minimum of 0".into())
    );
    assert_eq!(
        field(Some(json!(5.0)), "", false, &minimum),
        Ok(Some(json!(5.0)))
    );
    let name = py!({"type": "string", "minLength": 1, "maxLength": 255});
    assert_eq!(
        field(Some(json!("")), "name", true, &name),
        Err("'' is too short".into())
    );
    assert_eq!(
        strip_poem_framing(
            "failed to parse \"string\": 5 is not of type 'string' (occurred while parsing \"NewOrg\")"
        ),
        "5 is not of type 'string'"
    );
    assert_eq!(
        strip_poem_framing("Expected input type \"NewOrg\", found [\"acme3\"]."),
        "[\"acme3\"] is not of type 'object'"
    );
}

/// What a real Quay answered for robot federation bodies (jsonschema's `items`).
#[test]
fn items_are_validated_with_quays_text() {
    use crate::models::RobotFederationConfig;
    let s = RobotFederationConfig::schema();
    assert_eq!(
        validate(&json!([{"issuer": "https://a"}]), &s).unwrap_err(),
        "'subject' is a required property\n\nFailed validating 'required' in schema['items']:\n    {'properties': {'issuer': {'description': 'The issuer of the token',\n                               'type': 'string'},\n                    'subject': {'description': 'The subject of the token',\n                                'type': 'string'}},\n     'required': ['issuer', 'subject'],\n     'type': 'object'}\n\nOn instance[0]:\n    {'issuer': 'https://a'}"
    );
    assert_eq!(
        validate(&json!({"issuer": "https://a", "subject": "s"}), &s).unwrap_err(),
        "{'issuer': 'https://a', 'subject': 's'} is not of type 'array'\n\nFailed validating 'type' in schema:\n    {'description': 'Federation configuration for the robot',\n     'items': {'properties': {'issuer': {'description': 'The issuer of the '\n                                                        'token',\n                                         'type': 'string'},\n                              'subject': {'description': 'The subject of '\n                                                         'the token',\n                                          'type': 'string'}},\n               'required': ['issuer', 'subject'],\n               'type': 'object'},\n     'type': 'array'}\n\nOn instance:\n    {'issuer': 'https://a', 'subject': 's'}"
    );
    let first_line = |v: Value| {
        validate(&v, &s)
            .unwrap_err()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(first_line(json!([1])), "1 is not of type 'object'");
    assert_eq!(
        first_line(json!([{"issuer": 5, "subject": "s"}])),
        "5 is not of type 'string'"
    );
    assert_eq!(
        first_line(json!([{"issuer": null, "subject": "s"}])),
        "None is not of type 'string'"
    );
    assert!(validate(&json!([]), &s).is_ok());
}
