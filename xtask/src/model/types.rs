//! The types the generators emit: a field's type, a model and its kind.

use std::collections::BTreeMap;

use yaml_serde::Value;

/// A field or item type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    U16,
    U64,
    F64,
    Secret,
    ByteSize,
    Timestamp,
    Date,
    /// Any JSON value.
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    Vec(Box<Ty>),
    /// An object keyed by arbitrary names.
    Map(Box<Ty>),
    /// A generated or hand-written model.
    Named(String),
}

/// A property of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON name.
    pub json: String,
    /// The Rust name.
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub doc: String,
    /// The property's schema as the spec writes it.
    pub schema: Value,
}

/// What a model is.
#[derive(Debug, Clone)]
pub enum Kind {
    Struct {
        fields: Vec<Field>,
        /// The type of undeclared properties kept in a flattened map, if any.
        extra: Option<Ty>,
        /// `allOf` bases, flattened: (field name, type name).
        bases: Vec<(String, String)>,
    },
    Enum {
        /// (variant, wire value, description).
        values: Vec<(String, String, String)>,
    },
    Marker {
        value: String,
    },
    Union {
        variants: Vec<Variant>,
    },
    List {
        item: Ty,
    },
}

/// An alternative of a `oneOf`.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub doc: String,
    /// An inline object alternative with `additionalProperties: false`.
    pub closed: bool,
    /// A type (`Variant(T)`), or inline fields (`Variant { .. }`).
    pub body: VariantBody,
}

#[derive(Debug, Clone)]
pub enum VariantBody {
    Type(Ty),
    Fields(Vec<Field>),
}

/// One generated type.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    /// The component it belongs to (for inline types, the component that holds them).
    pub component: String,
    pub doc: String,
    pub kind: Kind,
    /// Used as a request body (directly or inside one).
    pub request: bool,
    /// A page of a paginated list: the name of its item field.
    pub page_items: Option<String>,
    /// Quay's own request schema (`x-quay-request-schema`), for the server's validation.
    pub quay_schema: Option<Value>,
}

/// Every model of the spec, grouped by module (tag or `common`), in the order of the file.
pub struct Models {
    pub by_module: BTreeMap<String, Vec<Model>>,
    /// Component names in the order of the file (inline types are not listed).
    pub components: Vec<String>,
}
