/* 004-analyze.h - schema version 4: categories, findings, indicator scores and rankings.
 * A C string literal included by lib/schema.c; never edit once shipped.
 * Reserved: filled in with the stage. */
"SELECT 1;"
