//! Every request runs in a `quay.request` span carrying operationId, method, path template,
//! status and attempts. Its own test binary: tracing's callsite interest is process-wide, and
//! other tests running beside it without a subscriber would race it.

#[path = "api/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use common::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::Registry;

type Fields = Arc<Mutex<Vec<BTreeMap<String, String>>>>;

struct Capture(Fields);

struct Collect<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(
            field.name().to_string(),
            format!("{value:?}").trim_matches('"').to_string(),
        );
    }
}

impl<S: tracing::Subscriber> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        if attrs.metadata().name() == "quay.request" {
            let mut fields = BTreeMap::new();
            attrs.record(&mut Collect(&mut fields));
            self.0.lock().unwrap().push(fields);
        }
    }

    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some(last) = self.0.lock().unwrap().last_mut() {
            values.record(&mut Collect(last));
        }
    }
}

#[tokio::test]
async fn requests_are_traced_with_operation_and_status() {
    let fields: Fields = Arc::default();
    let subscriber = Registry::default().with(Capture(fields.clone()));
    let _guard = tracing::subscriber::set_default(subscriber);

    let ex = success("getUserInformation");
    let (_s, c) = expect_recorded("GET", "/api/v1/users/bob", &[], None, &ex).await;
    c.user().get("bob").await.unwrap();

    let spans = fields.lock().unwrap().clone();
    assert_eq!(spans.len(), 1, "{spans:?}");
    let span = &spans[0];
    assert_eq!(span["operation"], "getUserInformation");
    assert_eq!(span["method"], "GET");
    assert_eq!(span["path"], "/api/v1/users/{username}");
    assert_eq!(span["status"], "200");
    assert_eq!(span["attempts"], "1");
}
