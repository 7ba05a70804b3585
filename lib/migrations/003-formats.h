/* 003-formats.h - schema version 3: source formats, encodings and converters of extracted documents.
 * A C string literal included by lib/schema.c; never edit once shipped.
 * Reserved: filled in with the stage. */
"SELECT 1;"
