//! Walking every page of a list result as one lazy stream.

use std::future::Future;

use futures_util::Stream;

use super::error::Error;

struct Walk<R, T, F> {
    request: R,
    next_page: Option<i64>,
    /// The rest of the current page, handed out without copying.
    buffered: std::vec::IntoIter<T>,
    fetch: F,
}

/// Yields the items of page `first_page`, then of the following pages, for
/// as long as `fetch` reports that more follow. Pages are fetched only when
/// the items before them have been consumed, so memory holds one page at a
/// time. An error ends the stream after it is yielded; so does an empty page,
/// which guards against a server that always claims more.
pub fn paginate<R, T, E, F, Fut>(request: R, first_page: i64, fetch: F) -> impl Stream<Item = Result<T, Error<E>>>
where
    R: Clone,
    F: Fn(R, i64) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, bool), Error<E>>>,
{
    let walk = Walk { request, next_page: Some(first_page), buffered: Vec::new().into_iter(), fetch };
    futures_util::stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.buffered.next() {
                return Some((Ok(item), walk));
            }
            let page = walk.next_page?;
            match (walk.fetch)(walk.request.clone(), page).await {
                Ok((items, more)) => {
                    walk.next_page = (more && !items.is_empty()).then_some(page + 1);
                    walk.buffered = items.into_iter();
                }
                Err(e) => {
                    walk.next_page = None;
                    return Some((Err(e), walk));
                }
            }
        }
    })
}
