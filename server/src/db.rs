//! Opening the database (SQLite or PostgreSQL through sqlx's `Any` driver) and migrating it.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

/// Migrations in order; each runs once, in a transaction, recorded in `parlab_migrations`.
const MIGRATIONS: &[(i64, &str, &str)] = &[(1, "classes", include_str!("../migrations/0001_classes.sql"))];

pub async fn connect(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let url = with_create_if_missing(database_url);
    let is_sqlite = url.starts_with("sqlite:");
    let pool = AnyPoolOptions::new()
        // SQLite writes one at a time anyway; a few connections let reads go alongside.
        .max_connections(if is_sqlite { 4 } else { 10 })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|connection, _| Box::pin(async move { configure_sqlite(connection).await }))
        .connect(&url)
        .await?;
    migrate(&pool).await?;
    Ok(pool)
}

/// A `sqlite://` URL without `mode=` would fail on a missing file; the default is to create it.
fn with_create_if_missing(url: &str) -> String {
    if !url.starts_with("sqlite:") || url.contains("mode=") {
        return url.to_string();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}mode=rwc")
}

/// WAL lets dashboards read while students write. synchronous=FULL syncs the
/// WAL on every commit, so a submission acknowledged after its commit
/// survives `kill -9` and a power cut alike (NORMAL would survive only the former).
async fn configure_sqlite(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if connection.backend_name() == "SQLite" {
        connection
            .execute(sqlx::raw_sql(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;",
            ))
            .await?;
    }
    Ok(())
}

async fn migrate(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut connection = pool.acquire().await?;
    connection
        .execute(sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS parlab_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)",
        ))
        .await?;
    let applied: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM parlab_migrations").fetch_all(&mut *connection).await?;
    for &(version, name, sql) in MIGRATIONS {
        if applied.iter().any(|&(done,)| done == version) {
            continue;
        }
        let mut transaction = connection.begin().await?;
        transaction.execute(sqlx::raw_sql(sql)).await?;
        sqlx::query("INSERT INTO parlab_migrations (version, name) VALUES ($1, $2)")
            .bind(version)
            .bind(name)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_if_missing_unless_they_say_otherwise() {
        assert_eq!(with_create_if_missing("sqlite://a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(with_create_if_missing("sqlite://a.db?cache=shared"), "sqlite://a.db?cache=shared&mode=rwc");
        assert_eq!(with_create_if_missing("sqlite://a.db?mode=ro"), "sqlite://a.db?mode=ro");
        assert_eq!(with_create_if_missing("postgres://x@h/db"), "postgres://x@h/db");
    }
}
