//! Walking every page of a list result as one lazy stream.

use std::future::Future;

use futures_util::Stream;

use super::error::Error;

struct Walk<R, T, S, F> {
    request: R,
    /// What names the next page (a page number, an offset, a cursor, a
    /// `Link` URL); `None` once no page follows.
    next: Option<S>,
    /// The rest of the current page, handed out without copying.
    buffered: std::vec::IntoIter<T>,
    fetch: F,
}

/// Yields the items of the page `first` names, then of the following pages,
/// for as long as `fetch` returns the state of a next one. Pages are fetched
/// only when the items before them have been consumed, so memory holds one
/// page at a time. An error ends the stream after it is yielded; so does an
/// empty page, which guards against a server that always claims more.
pub fn paginate<R, T, E, S, F, Fut>(
    request: R,
    first: S,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    R: Clone,
    F: Fn(R, S) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<S>), Error<E>>>,
{
    let walk = Walk {
        request,
        next: Some(first),
        buffered: Vec::new().into_iter(),
        fetch,
    };
    futures_util::stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.buffered.next() {
                return Some((Ok(item), walk));
            }
            let state = walk.next.take()?;
            // Free the spent page before fetching the next, as a hand-written
            // loop does, so two pages' buffers are never held at once.
            walk.buffered = Vec::new().into_iter();
            match (walk.fetch)(walk.request.clone(), state).await {
                Ok((items, next)) => {
                    walk.next = next.filter(|_| !items.is_empty());
                    walk.buffered = items.into_iter();
                }
                Err(e) => return Some((Err(e), walk)),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn pages_are_walked_by_their_state_until_none_or_empty() {
        // Cursor-like: each page names the next by text.
        let pages = |cursor: Option<String>| async move {
            Ok::<_, Error<()>>(match cursor.as_deref() {
                None => (vec![1, 2], Some(Some("b".to_owned()))),
                Some("b") => (vec![3], Some(Some("c".to_owned()))),
                _ => (vec![], Some(Some("d".to_owned()))),
            })
        };
        let all: Vec<i32> = paginate((), None, |_, c| pages(c))
            .map(Result::unwrap)
            .collect()
            .await;
        assert_eq!(
            all,
            [1, 2, 3],
            "an empty page ends the walk even if it names another"
        );
        let numbers = |_: (), page: i64| async move {
            Ok::<_, Error<()>>((vec![page], (page < 3).then_some(page + 1)))
        };
        assert_eq!(
            paginate((), 1, numbers)
                .map(Result::unwrap)
                .collect::<Vec<i64>>()
                .await,
            [1, 2, 3]
        );
    }
}
