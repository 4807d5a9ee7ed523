//! Every method of `client.devices()`, called once with every parameter set
//! (all optional query parameters and optional bodies too), against a wiremock
//! server on 127.0.0.1.
//!
//! Each test checks what went over the wire (HTTP method, the raw path and
//! query exactly as sent, the bearer token and the exact JSON body) and what
//! came back: the mock answers with the status the reference spec declares
//! (`/work/shared/reference/ringcentral/devices-subset.openapi.yaml`, and
//! `rc-platform.openapi.yaml` for `listWebAppDevices`) and a body built from
//! the `example` values of the response schemas; where a schema has no
//! example the values are realistic ones of the same shape.

//!
//! The tests are split by what they touch: `inventory` (adding, deleting,
//! swapping and removing devices), `devices` (reading and updating one) and
//! `listing` (the paginated lists); `support` holds the server and checks.

mod devices;
mod inventory;
mod listing;
mod support;
