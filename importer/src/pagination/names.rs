//! The names paging parameters and answer fields go by across APIs, as
//! [`super::schema::norm`] reads them (lower case, no separators): the
//! evidence the inference matches a method against.

/// Query parameters carrying a page number.
pub(super) const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "pageno", "pagenum", "pageindex"];
/// Query parameters carrying how many items to skip.
// Not SCIM's `startIndex`: it counts from 1, so an offset from 0 would repeat an item.
pub(super) const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
/// Query parameters carrying a page's size: the other half of page and offset paging.
pub(super) const SIZE_PARAMS: &[&str] = &[
    "limit",
    "top",
    "perpage",
    "pagesize",
    "size",
    "count",
    "maxresults",
    "pagelimit",
];
/// Query parameters carrying an opaque position.
pub(super) const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "pagetoken",
    "nexttoken",
    "continuationtoken",
    "token",
    "marker",
    "pageid",
];
/// Answer fields bringing the next cursor, whatever the parameter is called.
pub(super) const NEXT_CURSORS: &[&str] =
    &["nextcursor", "nextpagetoken", "nexttoken", "nextpagecursor"];
/// Query parameters that start the next page after an item.
pub(super) const AFTER_PARAMS: &[&str] = &["startingafter", "after", "afterid"];
/// Answer fields present (or `true`) while more pages follow.
pub(super) const MORE_FIELDS: &[&str] =
    &["hasmore", "hasnext", "hasnextpage", "nextpage", "morepages"];
/// Answer fields counting the pages in all: the walk ends at that page.
pub(super) const PAGE_TOTALS: &[&str] = &["totalpages", "pagecount"];
/// Answer fields counting the items in all (`@odata.count` among them).
pub(super) const ITEM_TOTALS: &[&str] = &[
    "total",
    "totalcount",
    "totalelements",
    "totalitems",
    "totalrecords",
    "count",
    "odatacount",
];
/// Answer objects holding totals (read, when the walk cannot use them, as
/// evidence that the pages end).
pub(super) const TOTAL_HOLDERS: &[&str] = &["paging", "pagination", "pageinfo"];
/// Answer fields holding the next page's URL.
pub(super) const NEXT_URLS: &[&str] = &[
    "next",
    "nexturl",
    "nextpageuri",
    "nextpageurl",
    "nextlink",
    "odatanextlink",
];
/// Answer objects describing the next page, whose field named like the
/// cursor parameter is the next cursor (Asana's `next_page.offset` for the
/// query `offset`).
pub(super) const NEXT_PAGE_HOLDERS: &[&str] = &["nextpage", "next"];
/// Conventional names of a page's items, when the answer has several lists.
pub(super) const ITEM_FIELDS: &[&str] =
    &["data", "items", "records", "results", "value", "entries"];
