//! Hand-written statements whose prepared form the connection keeps.
//!
//! `diesel::sql_query` marks every statement unsafe to cache, because its text may be built at run
//! time; Postgres then parses and plans it again on every execution, which costs the unit of work
//! about half its throughput (docs/benchmarks.md: pgbench `-M extended` against `-M prepared`).
//! The statements of the hot paths are fixed texts, so [`cached_sql`] takes only a `&'static str`
//! and lets diesel's statement cache key them by text and bind types.

use std::marker::PhantomData;

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};

/// A fixed SQL text with `$n` parameters, bound with `.bind::<SqlType, _>(value)` like
/// `sql_query`, and loaded by name with `QueryableByName`.
pub(crate) fn cached_sql(sql: &'static str) -> CachedSql {
    CachedSql { sql }
}

#[derive(Debug, Clone, Copy)]
#[must_use = "a statement runs only when executed or loaded"]
pub(crate) struct CachedSql {
    sql: &'static str,
}

impl CachedSql {
    pub(crate) fn bind<ST, Value>(self, value: Value) -> Bound<Self, Value, ST> {
        Bound::new(self, value)
    }
}

/// A statement with one more parameter bound (diesel keeps its own equivalent private).
#[derive(Debug, Clone, Copy)]
#[must_use = "a statement runs only when executed or loaded"]
pub(crate) struct Bound<Statement, Value, ST> {
    statement: Statement,
    value: Value,
    sql_type: PhantomData<ST>,
}

impl<Statement, Value, ST> Bound<Statement, Value, ST> {
    fn new(statement: Statement, value: Value) -> Self {
        Self {
            statement,
            value,
            sql_type: PhantomData,
        }
    }

    pub(crate) fn bind<ST2, Value2>(self, value: Value2) -> Bound<Self, Value2, ST2> {
        Bound::new(self, value)
    }
}

impl<Statement, Value, ST> QueryFragment<Pg> for Bound<Statement, Value, ST>
where
    Pg: HasSqlType<ST>,
    Statement: QueryFragment<Pg>,
    Value: ToSql<ST, Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.statement.walk_ast(out.reborrow())?;
        out.push_bind_param_value_only(&self.value)
    }
}

impl<Statement, Value, ST> QueryId for Bound<Statement, Value, ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Statement, Value, ST> Query for Bound<Statement, Value, ST> {
    type SqlType = Untyped;
}

impl<Statement, Value, ST, Conn> diesel::RunQueryDsl<Conn> for Bound<Statement, Value, ST> {}

impl QueryFragment<Pg> for CachedSql {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(self.sql);
        Ok(())
    }
}

/// No static id: the cache keys the statement by its text (always the same for one call site).
impl QueryId for CachedSql {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for CachedSql {
    type SqlType = Untyped;
}

impl<Conn> diesel::RunQueryDsl<Conn> for CachedSql {}

#[cfg(test)]
mod tests {
    use diesel::query_builder::QueryFragment;
    use diesel::sql_types::BigInt;

    use super::cached_sql;

    #[test]
    fn fixed_texts_are_safe_to_cache_and_sql_query_is_not() {
        let backend = diesel::pg::Pg;
        let cached = cached_sql("SELECT $1::int8 AS n").bind::<BigInt, _>(1_i64);
        assert!(cached.is_safe_to_cache_prepared(&backend).unwrap());
        let uncached = diesel::sql_query("SELECT $1::int8 AS n").bind::<BigInt, _>(1_i64);
        assert!(!uncached.is_safe_to_cache_prepared(&backend).unwrap());
    }
}
