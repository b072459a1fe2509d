//! The `Store` contract, checked on the store itself rather than through HTTP: every check is
//! written once against `&dyn Store` and run on each store (SQLite on a temporary file,
//! PostgreSQL in a throwaway cluster), so both are held to exactly the same outcomes.

mod support;

use loket_contract::booking::{Applicant, BookingRequest, BookingStatus, ForWhom, Slot};
use loket_contract::{Instant, LocalDate, Zone};
use loket_server::postgres::PgStore;
use loket_server::sqlite::{db::Db, seed, SqliteStore};
use loket_server::store::{BookingError, Store};

/// A Monday morning before the malls open (06:00 WITA): the demo places have slots that day.
fn monday() -> Instant {
    LocalDate::parse("2026-11-30").unwrap().at(6 * 60, Zone::Wita)
}

/// A fresh SQLite store holding the demo catalogue, and the folder it lives in.
fn sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("loket.sqlite3")).unwrap();
    let catalogue = loket_server::demo::catalogue().unwrap();
    db.with_blocking(|c| seed::ensure(c, &catalogue)).unwrap();
    (SqliteStore::new(db), dir)
}

/// A fresh database of the shared throwaway cluster holding the demo catalogue; the cluster
/// stays up while the store's test holds it.
async fn postgres() -> (PgStore, std::sync::Arc<support::pg::Cluster>) {
    let cluster = support::pg::shared();
    let store = PgStore::connect(&cluster.create_database()).await.unwrap();
    assert!(store.seed_catalogue(&loket_server::demo::catalogue().unwrap()).await.unwrap());
    (store, cluster)
}

/// The first future slots of a bookable service that is not a health one, at a place offering it.
async fn bookable_slots(store: &dyn Store, now: Instant) -> Vec<Slot> {
    let catalogue = store.catalogue(None).await.unwrap();
    for service in catalogue.services.iter().filter(|s| s.bookable && s.health.is_none()) {
        for location_id in &service.location_ids {
            let slots = store.slots(&service.id, location_id, None, None, now).await.unwrap().unwrap_or_default();
            if slots.len() >= 2 {
                return slots;
            }
        }
    }
    panic!("the demo catalogue has no bookable service with slots");
}

fn request(slot: &Slot, n: u32) -> BookingRequest {
    BookingRequest {
        slot_id: slot.id,
        applicant: Applicant {
            name: format!("Warga Uji {n}"),
            nik: format!("31740112089{n:05}"),
            phone: "0812-3456-7890".into(),
            email: None,
            for_whom: ForWhom::Myself,
        },
        health: None,
    }
}

async fn places_left(store: &dyn Store, slot: &Slot, now: Instant) -> u16 {
    let slots = store.slots(&slot.service_id, &slot.location_id, None, None, now).await.unwrap().unwrap();
    slots.iter().find(|s| s.id == slot.id).expect("the slot is still listed").capacity_left
}

async fn a_cancel_at_the_counter_gives_the_place_back(store: &dyn Store) {
    let now = monday();
    let slot = &bookable_slots(store, now).await[0];
    let (booking, _) = store.create_booking("store-counter-1", &request(slot, 1), now).await.unwrap();
    assert_eq!(places_left(store, slot, now).await, slot.capacity_left - 1);

    store.set_booking_status(&booking.code, BookingStatus::Cancelled, now).await.unwrap();
    assert_eq!(places_left(store, slot, now).await, slot.capacity_left, "the counter's cancel frees the place");
    let again = store.set_booking_status(&booking.code, BookingStatus::Cancelled, now).await;
    assert!(matches!(again, Err(BookingError::NotChangeable(BookingStatus::Cancelled))), "{again:?}");
    assert_eq!(places_left(store, slot, now).await, slot.capacity_left, "a refused second cancel frees nothing");

    let (other, _) = store.create_booking("store-counter-2", &request(slot, 2), now).await.unwrap();
    store.set_booking_status(&other.code, BookingStatus::Noshow, now).await.unwrap();
    assert_eq!(places_left(store, slot, now).await, slot.capacity_left - 1, "a no-show keeps its place");
}

async fn a_key_makes_one_booking_and_a_slot_never_takes_more_than_its_capacity(store: &dyn Store) {
    let now = monday();
    let slot = &bookable_slots(store, now).await[0];
    let (first, replayed) = store.create_booking("store-key-1", &request(slot, 10), now).await.unwrap();
    assert!(!replayed);
    let (again, replayed) = store.create_booking("store-key-1", &request(slot, 10), now).await.unwrap();
    assert!(replayed);
    assert_eq!(again.code, first.code);
    assert!(matches!(store.create_booking("store-key-1", &request(slot, 11), now).await, Err(BookingError::KeyReused)));
    assert!(matches!(
        store.create_booking("store-key-2", &request(slot, 10), now).await,
        Err(BookingError::AlreadyBooked { code }) if code == first.code
    ));
    for n in 1..slot.capacity_left {
        store.create_booking(&format!("store-key-fill-{n}"), &request(slot, 100 + u32::from(n)), now).await.unwrap();
    }
    assert_eq!(places_left(store, slot, now).await, 0);
    assert!(matches!(store.create_booking("store-key-3", &request(slot, 12), now).await, Err(BookingError::SlotFull)));
}

async fn a_reschedule_moves_the_place_and_keeps_the_code(store: &dyn Store) {
    let now = monday();
    let slots = bookable_slots(store, now).await;
    let (from, to) = (&slots[0], &slots[1]);
    let (booking, _) = store.create_booking("store-move-1", &request(from, 20), now).await.unwrap();
    let moved = store.reschedule_booking(&booking.code, "0020", to.id, now).await.unwrap();
    assert_eq!((moved.code.as_str(), moved.slot.id), (booking.code.as_str(), to.id));
    assert_eq!(places_left(store, from, now).await, from.capacity_left);
    assert_eq!(places_left(store, to, now).await, to.capacity_left - 1);
    assert!(matches!(store.reschedule_booking(&booking.code, "9999", from.id, now).await, Err(BookingError::NotFound)));
    let cancelled = store.cancel_booking(&booking.code, "0020", now).await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(places_left(store, to, now).await, to.capacity_left);
}

/// A place another system keeps (a FHIR-backed puskesmas): written only when it changed, each
/// time at a new version; its times mirrored under ids that stay, with the capacity that system
/// gives but never below what Loket's own bookings hold.
async fn a_place_kept_elsewhere_is_written_when_changed_and_its_times_keep_their_ids(store: &dyn Store) {
    let now = monday();
    let catalogue = store.catalogue(None).await.unwrap();
    let mut place = catalogue.locations.iter().find(|l| l.service_ids.iter().any(|s| s == "pkm-poli-umum")).unwrap().clone();
    place.id = "puskesmas-poasia".into();
    place.service_ids = vec!["pkm-poli-umum".into()];
    let mut poli = catalogue.services.iter().find(|s| s.id == "pkm-poli-umum").unwrap().clone();
    poli.location_ids.push(place.id.clone());
    let version = store.put_catalogue_items(std::slice::from_ref(&place), std::slice::from_ref(&poli)).await.unwrap().unwrap();
    assert_eq!(version, catalogue.version + 1);
    assert_eq!(store.put_catalogue_items(std::slice::from_ref(&place), std::slice::from_ref(&poli)).await.unwrap(), None);
    place.phone = "(0401) 3196000".into();
    assert_eq!(store.put_catalogue_items(std::slice::from_ref(&place), &[]).await.unwrap(), Some(version + 1));
    let changes = store.catalogue(Some(version)).await.unwrap();
    assert_eq!((changes.locations.len(), changes.services.len()), (1, 0), "only what changed");

    let at = |hour: u16| LocalDate::parse("2026-11-30").unwrap().at(hour * 60, place.time_zone);
    let times = [(at(8), at(9), 3), (at(9), at(10), 3)];
    let first = store.mirror_slots("pkm-poli-umum", &place.id, &times).await.unwrap().unwrap();
    assert_eq!(first.iter().map(|s| (s.starts_at, s.capacity)).collect::<Vec<_>>(), [(at(8), 3), (at(9), 3)]);
    assert!(store.mirror_slots("pkm-poli-umum", "no-such-place", &times).await.unwrap().is_none());
    store.create_booking("mirror-1", &request(&first[0], 40), now).await.unwrap();
    store.create_booking("mirror-2", &request(&first[0], 41), now).await.unwrap();
    let again = store.mirror_slots("pkm-poli-umum", &place.id, &[(at(8), at(9), 1), (at(9), at(10), 2)]).await.unwrap().unwrap();
    assert_eq!(again.iter().map(|s| s.id).collect::<Vec<_>>(), first.iter().map(|s| s.id).collect::<Vec<_>>(), "the same ids");
    assert_eq!((again[0].capacity, again[0].capacity_left), (2, 0), "never below the two Loket bookings it holds");
    assert_eq!(again[1].capacity, 2);
    assert_eq!(store.slot(first[1].id).await.unwrap().map(|s| s.location_id), Some(place.id.clone()));
    assert!(store.slot(-1).await.unwrap().is_none());
}

/// A booking the facility refused is gone without a trace; one it moves on follows whatever its
/// system records, moves the counter's own rules would not make included.
async fn a_refused_booking_goes_and_a_kept_one_follows_the_facility(store: &dyn Store) {
    let now = monday();
    let slots = bookable_slots(store, now).await;
    let slot = &slots[0];
    let (refused, _) = store.create_booking("refused-1", &request(slot, 50), now).await.unwrap();
    store.discard_booking(&refused.code).await.unwrap();
    assert!(store.track(&refused.code, "0050", now).await.unwrap().is_none());
    assert_eq!(places_left(store, slot, now).await, slot.capacity_left, "its place is back");
    let (kept, replayed) = store.create_booking("refused-1", &request(slot, 51), now).await.unwrap();
    assert!(!replayed, "the key is free again: {}", kept.code);

    let later = Instant(now.0 + 60);
    assert!(store.follow_booking_status(&kept.code, BookingStatus::CheckedIn, later).await.unwrap());
    assert!(!store.follow_booking_status(&kept.code, BookingStatus::CheckedIn, later).await.unwrap(), "already so");
    assert!(store.follow_booking_status(&kept.code, BookingStatus::Fulfilled, Instant(later.0 + 60)).await.unwrap());
    let Some(loket_contract::booking::Tracked::Booking { booking, timeline, .. }) = store.track(&kept.code, "0051", now).await.unwrap()
    else {
        panic!("the booking is tracked")
    };
    assert_eq!(booking.status, BookingStatus::Fulfilled);
    let steps: Vec<(&str, Instant)> = timeline.iter().map(|e| (e.status.as_str(), e.at)).collect();
    assert_eq!(steps, [("booked", now), ("checked_in", later), ("fulfilled", Instant(later.0 + 60))]);
    assert!(store.follow_booking_status(&kept.code, BookingStatus::Cancelled, later).await.unwrap());
    assert_eq!(places_left(store, slot, now).await, slot.capacity_left, "a cancellation gives the place back");
}

/// SQLite commits the bookings waiting together (`booking_batch`): in one batch each booking is
/// still its own, a refusal rolls back only itself, and later ones see the earlier ones' writes.
#[tokio::test]
async fn sqlite_bookings_made_in_one_commit_are_each_their_own() {
    use loket_server::sqlite::booking_batch::Waiting;
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("loket.sqlite3")).unwrap();
    db.with_blocking(|c| seed::ensure(c, &loket_server::demo::catalogue().unwrap())).unwrap();
    let store = SqliteStore::new(db.clone());
    let now = monday();
    let slot = &bookable_slots(&store, now).await[0];
    assert!(slot.capacity_left + 4 <= 64, "the whole test fits one batch");

    let waiting = Waiting::default();
    let push = |key: &str, request: BookingRequest| waiting.push(key.to_owned(), request, now);
    let first = push("batch-1", request(slot, 1));
    let replay = push("batch-1", request(slot, 1));
    let mut invalid = request(slot, 2);
    invalid.applicant.nik = "1234".into();
    let invalid = push("batch-2", invalid);
    let same_person = push("batch-3", request(slot, 1));
    let fill: Vec<_> = (1..slot.capacity_left).map(|n| push(&format!("batch-fill-{n}"), request(slot, 100 + u32::from(n)))).collect();
    let one_too_many = push("batch-4", request(slot, 3));
    db.with_blocking(|c| loket_server::sqlite::booking_batch::run(c, &waiting));

    let (first, made) = first.await.unwrap().unwrap();
    assert!(!made && first.slot.capacity_left == slot.capacity_left - 1, "{first:?}");
    let (again, replayed) = replay.await.unwrap().unwrap();
    assert!(replayed && again.code == first.code);
    assert!(matches!(invalid.await.unwrap(), Err(BookingError::Invalid(_))));
    assert!(matches!(same_person.await.unwrap(), Err(BookingError::AlreadyBooked { code }) if code == first.code));
    for answer in fill {
        answer.await.unwrap().unwrap();
    }
    assert!(matches!(one_too_many.await.unwrap(), Err(BookingError::SlotFull)));
    assert_eq!(places_left(&store, slot, now).await, 0, "every place taken once, none by a refusal");
    let invalid_again = store.create_booking("batch-2", &request(slot, 2), now).await;
    assert!(matches!(invalid_again, Err(BookingError::SlotFull)), "the refused key left nothing behind: {invalid_again:?}");
}

#[tokio::test]
async fn postgres_servers_starting_together_migrate_once_and_a_newer_database_is_refused() {
    let cluster = support::pg::shared();
    let url = cluster.create_database();
    let (a, b) = tokio::join!(PgStore::connect(&url), PgStore::connect(&url));
    let (a, b) = (a.unwrap(), b.unwrap());
    let seed = loket_server::demo::catalogue().unwrap();
    let (first, second) = tokio::join!(a.seed_catalogue(&seed), b.seed_catalogue(&seed));
    assert!(first.unwrap() ^ second.unwrap(), "exactly one of two servers writes the demo catalogue");
    assert_eq!(a.schema_version().await.unwrap(), b.schema_version().await.unwrap());

    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.execute("UPDATE loket_schema SET version = version + 1", &[]).await.unwrap();
    let refused = PgStore::connect(&url).await.err().expect("a newer database is refused").to_string();
    assert!(refused.contains("newer than this server"), "{refused}");
}

#[tokio::test]
async fn a_postgresql_that_is_not_there_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("postgres://postgres@/loket?host={}", dir.path().display());
    let err = PgStore::connect(&url).await.err().expect("nothing listens there").to_string();
    assert!(err.starts_with("cannot reach PostgreSQL at postgres://postgres@/loket"), "{err}");
    assert!(!err.contains('\n'), "{err}");
}

/// Runs one check of the suite on every store.
macro_rules! on_every_store {
    ($($check:ident),* $(,)?) => {
        mod sqlite_store {
            $(
                #[tokio::test]
                async fn $check() {
                    let (store, _dir) = super::sqlite();
                    super::$check(&store).await;
                }
            )*
        }
        mod postgres_store {
            $(
                #[tokio::test]
                async fn $check() {
                    let (store, _cluster) = super::postgres().await;
                    super::$check(&store).await;
                }
            )*
        }
    };
}

on_every_store!(
    a_cancel_at_the_counter_gives_the_place_back,
    a_key_makes_one_booking_and_a_slot_never_takes_more_than_its_capacity,
    a_reschedule_moves_the_place_and_keeps_the_code,
    a_place_kept_elsewhere_is_written_when_changed_and_its_times_keep_their_ids,
    a_refused_booking_goes_and_a_kept_one_follows_the_facility,
);
