use diesel::ConnectionError;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

/// Advisory-lock key that serialises template creation across parallel test processes.
const TEMPLATE_LOCK_KEY: i64 = 0x696e_6b64_6573_6b01;

/// A database of its own for one test (or one test binary), dropped when the value is dropped.
///
/// The server is taken from `DATABASE_URL` (set by `cargo xtask test` / `ci`, which start a throwaway
/// cluster when none is configured). Tests never share a database, so they can run in parallel.
pub struct TestDb {
    url: String,
    name: String,
    admin_url: String,
}

impl TestDb {
    /// A fresh database with every migration applied, cloned from the migrated template.
    pub async fn fresh() -> Self {
        let admin_url = admin_url();
        let template = ensure_template(&admin_url).await;
        Self::create(admin_url, Some(&template)).await
    }

    /// A fresh database with no schema at all (for migration tests).
    pub async fn empty() -> Self {
        Self::create(admin_url(), None).await
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub async fn connect(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.url)
            .await
            .expect("connect to test database")
    }

    async fn create(admin_url: String, template: Option<&str>) -> Self {
        let name = format!("inkdesk_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = connect_admin(&admin_url).await;
        let sql = match template {
            Some(template) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""),
            None => format!("CREATE DATABASE \"{name}\""),
        };
        // Two clones of one template at the same instant can collide on the template's lock; retry.
        let mut attempt = 0;
        loop {
            match admin.batch_execute(&sql).await {
                Ok(()) => break,
                Err(e)
                    if attempt < 20 && e.to_string().contains("being accessed by other users") =>
                {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
                }
                Err(e) => panic!("create test database: {e}"),
            }
        }
        Self {
            url: with_database(&admin_url, &name),
            name,
            admin_url,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop may run inside a runtime; a private thread with its own runtime avoids nesting.
        let dropper = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime for dropping test database");
            runtime.block_on(async move {
                if let Ok(mut admin) = AsyncPgConnection::establish(&admin_url).await {
                    let _ = admin
                        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                }
            });
        });
        let _ = dropper.join();
    }
}

fn admin_url() -> String {
    crate::init_crypto();
    std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "DATABASE_URL is not set: run the tests through `cargo xtask test` (or `cargo xtask ci`), \
             which starts a throwaway Postgres, or point DATABASE_URL at a server you own"
        )
    })
}

/// The template's name changes whenever the migrations change (xtask passes a content hash), so a
/// stale template from an earlier run is never reused.
fn template_name() -> String {
    match std::env::var("INKDESK_TEST_TEMPLATE") {
        Ok(name) if !name.is_empty() => name,
        _ => {
            let versions = inkdesk_postgres::embedded_migration_versions().join("_");
            format!("inkdesk_template_{}", fnv1a(versions.as_bytes()))
        }
    }
}

async fn ensure_template(admin_url: &str) -> String {
    let template = template_name();
    let mut admin = connect_admin(admin_url).await;
    admin
        .batch_execute(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK_KEY})"))
        .await
        .expect("take template lock");
    if !database_exists(&mut admin, &template).await {
        // Build under a scratch name and rename at the end, so a crash never leaves a half-migrated
        // template behind under the real name.
        let building = format!("{template}_building");
        admin
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
            ))
            .await
            .expect("drop stale template build");
        admin
            .batch_execute(&format!("CREATE DATABASE \"{building}\""))
            .await
            .expect("create template");
        inkdesk_postgres::run_pending_migrations(&with_database(admin_url, &building))
            .await
            .expect("migrate template");
        admin
            .batch_execute(&format!(
                "ALTER DATABASE \"{building}\" RENAME TO \"{template}\""
            ))
            .await
            .expect("publish template");
    }
    admin
        .batch_execute(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK_KEY})"))
        .await
        .expect("release template lock");
    template
}

async fn database_exists(admin: &mut AsyncPgConnection, name: &str) -> bool {
    use diesel::sql_types::{BigInt, Text};
    use diesel_async::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
        .bind::<Text, _>(name)
        .get_result::<Count>(admin)
        .await
        .expect("query pg_database")
        .n
        > 0
}

async fn connect_admin(url: &str) -> AsyncPgConnection {
    let mut last: Option<ConnectionError> = None;
    for _ in 0..50 {
        match AsyncPgConnection::establish(url).await {
            Ok(conn) => return conn,
            Err(e) => {
                last = Some(e);
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
    panic!("connect to test Postgres: {last:?}");
}

/// Replaces the database name (the path) of a `postgres://` URL, keeping any query string.
pub(crate) fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn with_database_replaces_only_the_path() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h:1/db?sslmode=disable", "x"),
            "postgres://u:p@h:1/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://127.0.0.1:5", "x"),
            "postgres://127.0.0.1:5/x"
        );
    }
}
