//! Where the benches find their generated data set: target/bench-data/SIZE.redb, SIZE
//! from `ROLO_BENCH_SIZE` (default L), made by `cargo bench --bench store`.

use std::path::PathBuf;

/// The size asked for and its generated database; exits with what to run when the
/// database has not been generated yet.
pub fn generated() -> (String, PathBuf) {
    let size = std::env::var("ROLO_BENCH_SIZE").unwrap_or_else(|_| "L".into());
    let db =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-data/{size}.redb"));
    if !db.exists() {
        eprintln!(
            "{} is missing: run `cargo bench --bench store` first",
            db.display()
        );
        std::process::exit(1);
    }
    (size, db)
}
