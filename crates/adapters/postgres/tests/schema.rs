//! The committed diesel schema (`src/schema.rs`) must be exactly what the migrations create.
//!
//! The expected text is generated from `information_schema` of a freshly migrated database, in the
//! shape `diesel print-schema` uses. To regenerate after changing a migration:
//! `INKDESK_UPDATE_SCHEMA=1 cargo xtask test -p inkdesk-postgres --test schema`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use diesel::sql_types::{Bool, Nullable, Text};
use diesel_async::RunQueryDsl;
use inkdesk_test_support::TestDb;

#[derive(diesel::QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    udt_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
    #[diesel(sql_type = Bool)]
    primary_key: bool,
    #[diesel(sql_type = Nullable<Text>)]
    max_length: Option<String>,
}

#[derive(diesel::QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    child: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    parent: String,
}

/// `leads` has more columns than diesel's 32-column tables allow, and the 128-column feature costs
/// minutes of compile time on every build, so diesel sees it as several views of one SQL table, split
/// at the first column of each group of the specification (data-and-ops.md §2.3). Every view repeats
/// `id`; columns added later land in the view of the group they follow.
const LEAD_VIEWS: &[(&str, &str)] = &[
    ("id", "leads"),
    ("dimensions_width_cm", "lead_interpretation"),
    ("estimated_category", "lead_estimates"),
    ("qualifying_started_at", "lead_funnel"),
    ("admin_notes", "leads"),
];

fn diesel_type(udt: &str) -> &'static str {
    match udt {
        "int8" => "Int8",
        "int4" => "Int4",
        "int2" => "Int2",
        "text" => "Text",
        "varchar" => "Varchar",
        "bpchar" => "Bpchar",
        "bool" => "Bool",
        "timestamptz" => "Timestamptz",
        "jsonb" => "Jsonb",
        "numeric" => "Numeric",
        "bytea" => "Bytea",
        "tstzrange" => "Tstzrange",
        other => panic!("no diesel mapping for column type {other}: extend schema test"),
    }
}

async fn generated_schema(db: &TestDb) -> String {
    let mut conn = db.connect().await;
    let columns: Vec<ColumnRow> = diesel::sql_query(
        "SELECT c.table_name::text, c.column_name::text, c.udt_name::text,
                (c.is_nullable = 'YES') AS nullable,
                EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                        JOIN information_schema.key_column_usage k
                          ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
                        WHERE tc.table_name = c.table_name AND tc.constraint_type = 'PRIMARY KEY'
                          AND k.column_name = c.column_name) AS primary_key,
                c.character_maximum_length::text AS max_length
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_name = c.table_name AND t.table_schema = c.table_schema
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.table_name <> '__diesel_schema_migrations'
         ORDER BY c.table_name, c.ordinal_position",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let foreign_keys: Vec<ForeignKey> = diesel::sql_query(
        "SELECT cl.relname::text AS child, a.attname::text AS column_name, pl.relname::text AS parent
         FROM pg_constraint con
         JOIN pg_class cl ON cl.oid = con.conrelid
         JOIN pg_class pl ON pl.oid = con.confrelid
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
         WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1
         ORDER BY cl.relname, pl.relname, a.attname",
    )
    .load(&mut conn)
    .await
    .unwrap();

    let mut tables: BTreeMap<String, (String, Vec<ColumnRow>)> = BTreeMap::new();
    let mut lead_view = "leads";
    for column in columns {
        let mut name = column.table_name.clone();
        if name == "leads" {
            lead_view = LEAD_VIEWS
                .iter()
                .find(|(first, _)| *first == column.column_name)
                .map_or(lead_view, |(_, view)| view);
            name = lead_view.to_owned();
            if lead_view != "leads" && !tables.contains_key(&name) {
                let id = ColumnRow {
                    table_name: "leads".into(),
                    column_name: "id".into(),
                    udt_name: "int8".into(),
                    nullable: false,
                    primary_key: true,
                    max_length: None,
                };
                tables.insert(name.clone(), ("leads".into(), vec![id]));
            }
        }
        tables
            .entry(name)
            .or_insert_with(|| (column.table_name.clone(), Vec::new()))
            .1
            .push(column);
    }

    let mut out = String::from(
        "// @generated from the migrations by tests/schema.rs; do not edit by hand.\n",
    );
    for (table, (sql_name, columns)) in &tables {
        let keys: Vec<&str> = columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.column_name.as_str())
            .collect();
        writeln!(out, "\ndiesel::table! {{").unwrap();
        writeln!(out, "    use diesel::sql_types::*;\n").unwrap();
        if sql_name != table {
            writeln!(out, "    #[sql_name = \"{sql_name}\"]").unwrap();
        }
        writeln!(out, "    {table} ({}) {{", keys.join(", ")).unwrap();
        for column in columns {
            let base = diesel_type(&column.udt_name);
            let ty = if column.nullable {
                format!("Nullable<{base}>")
            } else {
                base.to_owned()
            };
            if let Some(len) = &column.max_length {
                writeln!(
                    out,
                    "        /// The `{}` column has a maximum length of {len}.",
                    column.column_name
                )
                .unwrap();
            }
            writeln!(out, "        {} -> {ty},", column.column_name).unwrap();
        }
        writeln!(out, "    }}\n}}").unwrap();
    }
    // diesel allows one `joinable!` per table pair; keep the first foreign key of each pair.
    let mut seen = std::collections::BTreeSet::new();
    let mut joins = String::new();
    for fk in &foreign_keys {
        if fk.child != fk.parent && seen.insert((fk.child.clone(), fk.parent.clone())) {
            writeln!(
                joins,
                "diesel::joinable!({} -> {} ({}));",
                fk.child, fk.parent, fk.column_name
            )
            .unwrap();
        }
    }
    writeln!(out, "\n{joins}").unwrap();
    writeln!(out, "diesel::allow_tables_to_appear_in_same_query!(").unwrap();
    for table in tables.keys() {
        writeln!(out, "    {table},").unwrap();
    }
    writeln!(out, ");").unwrap();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn committed_schema_matches_the_migrations() {
    let db = TestDb::fresh().await;
    let generated = generated_schema(&db).await;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/schema.rs");
    if std::env::var_os("INKDESK_UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == generated,
        "src/schema.rs is out of date with the migrations; regenerate it with \
         INKDESK_UPDATE_SCHEMA=1 cargo xtask test -p inkdesk-postgres --test schema"
    );
}
