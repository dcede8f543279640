/// Failures of the Postgres adapter. Messages never carry SQL or connection strings.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not connect to the database")]
    Connect(#[source] diesel::ConnectionError),
    #[error("could not get a database connection from the pool")]
    Pool(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("database query failed")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database did not answer in time")]
    Timeout,
}
