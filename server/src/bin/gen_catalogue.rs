//! `gen-catalogue [SERVICES] [LOCATIONS]` (default 10000 and 500): writes a large catalogue
//! document to standard output, for benchmarks. Seed a server with it through
//! `LOKET_SEED_CATALOGUE=file.json` on an empty database.

use std::io::Write;
use std::process::ExitCode;

use loket_contract::catalogue::Catalogue;

fn main() -> ExitCode {
    let arg = |n: usize, default: usize| std::env::args().nth(n).map_or(Ok(default), |a| a.parse::<usize>());
    let (Ok(services), Ok(locations)) = (arg(1, 10_000), arg(2, 500)) else {
        eprintln!("gen-catalogue: usage: gen-catalogue [SERVICES] [LOCATIONS]");
        return ExitCode::from(2);
    };
    let seed = match loket_server::demo::large_catalogue(services, locations) {
        Ok(seed) => seed,
        Err(e) => {
            eprintln!("gen-catalogue: error: {e}");
            return ExitCode::from(2);
        }
    };
    let catalogue = Catalogue {
        version: 1,
        partial: false,
        categories: seed.categories,
        agencies: seed.agencies,
        services: seed.services,
        locations: seed.locations,
        removed: Vec::new(),
    };
    let json = serde_json::to_vec(&catalogue).expect("serialisable");
    if std::io::stdout().write_all(&json).is_err() {
        return ExitCode::from(1);
    }
    eprintln!("gen-catalogue: {services} services, {locations} locations, {} bytes", json.len());
    ExitCode::SUCCESS
}
