/* db.h - the peiyou database: opening, schema migrations, runs.
 *
 * One SQLite file in WAL mode holds everything the stages write.  Its
 * schema is created and migrated here, keyed on PRAGMA user_version: an
 * older file is migrated when opened, a newer one is refused.  Tables are
 * internal; the v_* views (docs/schema.md) are what researchers rely on. */
#ifndef PEIYOU_DB_H
#define PEIYOU_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* PRAGMA application_id of a peiyou database ("PYDB"): a file with
 * another id, or with other applications' tables, is refused. */
#define PEIYOU_APPLICATION_ID 0x50594442

/* The schema version this program writes (number of migrations). */
int db_schema_version(void);

/* Open (creating if needed) and migrate.  Returns the handle, or NULL with
 * a message in err.  The caller closes it with sqlite3_close().  Refused
 * unopened: a directory, a missing directory, a read-only database (so
 * that SQLite leaves no read-only -shm behind); refused once opened: a
 * file that is not SQLite, another application's database (its
 * application_id, or tables that are not ours). */
sqlite3 *db_open(const char *path, char *err, size_t errlen);

/* Where the database lives when --db is not given: $PEIYOU_DB, else
 * $XDG_DATA_HOME/peiyou/peiyou.db, else ~/.local/share/peiyou/peiyou.db.
 * The directory is created.  Writes the path into out. */
int db_default_path(char *out, size_t outlen, char *err, size_t errlen);

/* Run sql (no results); on failure a message in err and -1. */
int db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);
/* Prepare sql; on failure a message naming the statement in err and -1. */
int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen);

/* Bind a C string or NULL (as SQL NULL) to parameter i. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* The same with the length known (no strlen over long texts). */
void db_bind_textn(sqlite3_stmt *st, int i, const char *s, size_t n);
/* Column i of the current row as a new string (the caller frees it), or
 * NULL for SQL NULL. */
char *db_column_dup(sqlite3_stmt *st, int i);

/* The runs table: one row per stage run.  Call while holding the stage's
 * run lock (lib/lock.h): earlier runs of the stage still "running" were
 * killed, and are marked "interrupted" first. */
int64_t run_begin(sqlite3 *db, const char *stage);
/* status: "ok" (all documents done), "partial" (some failed), "error"
 * (the run could not do its work).  summary is the JSON summary line. */
int run_end(sqlite3 *db, int64_t run_id, const char *status, long docs,
	    long failed, long skipped, double seconds, const char *summary);

#endif
