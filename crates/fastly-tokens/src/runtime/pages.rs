//! Follows the pages of a paged operation (the spec's `x-pages`): a `Stream` of its pages, each
//! asked for when the one before has answered, and a `Stream` of their items. The generator
//! implements [`Paged`] for each paged operation's request builder; this module knows nothing
//! else of it.

use std::future::IntoFuture;

use futures_core::Stream;
use futures_util::StreamExt;

use super::response::Response;
use crate::Error;

/// A request builder for one page of a paged operation, as its `x-pages` describes it.
pub(crate) trait Paged:
    Clone + IntoFuture<Output = Result<Response<Self::Page>, Error>, IntoFuture: Send> + Send + 'static
{
    /// The answer: one page.
    type Page: Send + 'static;
    /// One item of a page.
    type Item: Send + 'static;
    /// The page this builder asks for, if one is set (the API's first is 1).
    fn page(&self) -> Option<u64>;
    /// This builder asking for page `number`; `None` where the parameter cannot hold it.
    fn with_page(self, number: u64) -> Option<Self>;
    /// The page size this builder asks for, if one is set.
    fn per_page(&self) -> Option<u64>;
    /// How many pages there are, where the page says (`total-pages`).
    fn total_pages(page: &Self::Page) -> Option<u64>;
    /// How many items the page holds.
    fn len(page: &Self::Page) -> usize;
    /// The page's items.
    fn items(page: Self::Page) -> Vec<Self::Item>;
}

/// Whether there is a page after page `number`, which answered `page`: none after an empty
/// page (whatever count it claims: a server cannot keep the stream going on nothing), else up
/// to the count the page gives, else while pages come full.
fn more<B: Paged>(builder: &B, number: u64, page: &B::Page) -> bool {
    let len = B::len(page) as u64;
    len > 0
        && match B::total_pages(page) {
            Some(total) => number < total,
            None => builder.per_page().is_none_or(|size| len >= size),
        }
}

/// Every page from `first`'s (or page 1) on. A page that fails ends the stream with its
/// error, after the pages already yielded; one page is held at a time. Boxed once, so the
/// stream is `Unpin`: `.next().await` works on it as it is.
pub(crate) fn pages<B: Paged>(
    first: B,
) -> impl Stream<Item = Result<Response<B::Page>, Error>> + Send + Unpin + 'static {
    // The first page is asked for by number too (`page=1`), as Fastly's own clients do.
    let (first, number) = match first.page() {
        Some(number) => (first, number),
        None => (first.clone().with_page(1).unwrap_or(first), 1),
    };
    Box::pin(futures_util::stream::unfold(
        Some((first, number)),
        |next| async move {
            let (builder, number) = next?;
            let following = builder.clone();
            match builder.await {
                Err(e) => Some((Err(e), None)),
                Ok(page) => {
                    let next = more(&following, number, &page)
                        .then(|| number.checked_add(1))
                        .flatten()
                        .and_then(|n| Some((following.with_page(n)?, n)));
                    Some((Ok(page), next))
                }
            }
        },
    ))
}

/// Every item of every page from `first`'s on, in order; a failing page ends the stream with
/// its error after the items already yielded.
pub(crate) fn items<B: Paged>(
    first: B,
) -> impl Stream<Item = Result<B::Item, Error>> + Send + Unpin + 'static {
    pages(first).flat_map(|page| {
        futures_util::stream::iter(match page {
            Ok(page) => B::items(page.into_inner()).into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        })
    })
}
