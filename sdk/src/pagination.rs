//! Quay's `next_page` pagination as a page type and a `Stream` over every item.

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Result;

/// A page of results carrying Quay's opaque `next_page` token (absent on the last page).
pub trait Page {
    /// The item type.
    type Item;
    /// The token for the next page, if there is one.
    fn next_page(&self) -> Option<&str>;
    /// The page's items.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A stream over every item of every page: `fetch(None)` for the first page, then
/// `fetch(Some(token))` until a page has no `next_page`.
pub(crate) fn paginate<P, F, Fut>(fetch: F) -> BoxStream<'static, Result<P::Item>>
where
    P: Page + Send + 'static,
    P::Item: Send + 'static,
    F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<P>> + Send + 'static,
{
    // State: Some(token-for-this-page) while pages remain; None once the last page was read.
    stream::try_unfold(Some(None::<String>), move |state| {
        let next = state.map(&fetch);
        async move {
            let Some(fut) = next else { return Ok(None) };
            let page = fut.await?;
            let token = page.next_page().map(str::to_string);
            let items = page.into_items();
            Ok(Some((items, token.map(Some))))
        }
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}
