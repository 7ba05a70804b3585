/* 002-fetch.h - schema version 2: the fetch stage (URLs, versions, the content store).
 * A C string literal included by lib/schema.c; never edit once shipped.
 * Reserved: filled in with the stage. */
"SELECT 1;"
