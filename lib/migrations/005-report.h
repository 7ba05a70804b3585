/* 005-report.h - schema version 5: report runs, full-text search (FTS5) and the nightly run.
 * A C string literal included by lib/schema.c; never edit once shipped.
 * Reserved: filled in with the stage. */
"SELECT 1;"
