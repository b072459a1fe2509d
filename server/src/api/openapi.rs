//! The contract as OpenAPI 3.1, generated from the handlers and the wire types; committed as
//! `api/openapi.json` (a test fails when that file is stale) and served at `/api/v1/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{bookings, catalogue, health, operator, tracking};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Loket API",
        version = "1.0.0",
        description = "The REST API a Mal Pelayanan Publik backend offers the Loket citizen app: the service \
            catalogue, appointment slots and bookings, tracking of bookings and applications, the queue on the \
            day, the satisfaction survey (SKM), and the counter's side. Errors are RFC 9457 problem details.",
        license(name = "Apache-2.0")
    ),
    paths(
        health::get,
        catalogue::get,
        catalogue::service,
        catalogue::locations,
        catalogue::location,
        bookings::list_slots,
        bookings::create,
        bookings::cancel,
        bookings::reschedule,
        bookings::submit_survey,
        tracking::track,
        tracking::queue_today,
        operator::set_booking_status,
        operator::call_next,
        operator::advance_application,
        operator::walk_in,
    ),
    // Types used only as parameters are not collected from the paths.
    components(schemas(loket_contract::LocalDate)),
    modifiers(&OperatorAuth),
    tags(
        (name = "system", description = "Health of the backend"),
        (name = "catalogue", description = "Agencies, services and places, for offline use"),
        (name = "bookings", description = "Slots and appointments"),
        (name = "tracking", description = "Status of bookings and applications, and the queue"),
        (name = "operator", description = "The counter's side (bearer token)")
    )
)]
pub struct ApiDoc;

struct OperatorAuth;

impl Modify for OperatorAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("operator", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The document as committed: pretty JSON with a final newline.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises") + "\n"
}

pub async fn get() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
