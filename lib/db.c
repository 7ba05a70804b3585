/* db.c - see db.h. */
#include "db.h"
#include "buf.h"
#include "log.h"
#include "schema.h"
#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int db_schema_version(void)
{
	return schema_migration_count();
}

int db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen)
{
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot prepare \"%.60s...\": %s", sql, sqlite3_errmsg(db));
		*st = NULL;
		return -1;
	}
	return 0;
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_textn(sqlite3_stmt *st, int i, const char *s, size_t n)
{
	if (s)
		sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

char *db_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Bring the schema from its version to ours, one migration per
 * transaction so that a failure leaves a consistent (older) schema. */
static int migrate(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int have = user_version(db);
	int want = schema_migration_count();
	if (have < 0) {
		snprintf(err, errlen, "%s: cannot read schema version: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	if (have > want) {
		snprintf(err, errlen,
			 "%s: database schema version %d is newer than this peiyou %s supports (%d); "
			 "use a newer peiyou or another database", path, have, PEIYOU_VERSION, want);
		return -1;
	}
	for (int v = have + 1; v <= want; v++) {
		char sql[64], msg[512];
		if (db_exec(db, "BEGIN IMMEDIATE", msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s: cannot start migration %d: %s", path, v, msg);
			return -1;
		}
		/* Another process may have migrated while we waited for the lock. */
		if (user_version(db) >= v) {
			db_exec(db, "COMMIT", msg, sizeof msg);
			continue;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
		if (db_exec(db, schema_migration(v), msg, sizeof msg) != 0 ||
		    db_exec(db, sql, msg, sizeof msg) != 0) {
			char ignore[64];
			db_exec(db, "ROLLBACK", ignore, sizeof ignore);
			snprintf(err, errlen, "%s: migration to schema version %d failed: %s", path, v, msg);
			return -1;
		}
		if (db_exec(db, "COMMIT", msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s: cannot commit migration %d: %s", path, v, msg);
			return -1;
		}
		if (have > 0)
			log_info("%s: schema migrated to version %d", path, v);
	}
	return 0;
}

sqlite3 *db_open(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	/* Before SQLite initialises (later calls return SQLITE_MISUSE, which
	 * is harmless): no global memory statistics, which would take a
	 * process-wide mutex on every allocation SQLite makes. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open database: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 30000);
	char msg[512];
	if (db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		    " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8000;"
		    /* Checkpoint every ~32 MB of WAL, not SQLite's 4 MB: the
		     * B-tree pages a batch rewrites in commit after commit are
		     * then copied into the database once, not once per 4 MB
		     * (extract into a new database: 10% less time). */
		    " PRAGMA wal_autocheckpoint = 8000;",
		    msg, sizeof msg) != 0) {
		snprintf(err, errlen, "%s: not a usable database: %s", path, msg);
		sqlite3_close(db);
		return NULL;
	}
	if (migrate(db, path, err, errlen) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* mkdir -p for the directory part of a path. */
static int make_parent_dirs(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

int db_default_path(char *out, size_t outlen, char *err, size_t errlen)
{
	const char *env = getenv("PEIYOU_DB");
	if (env && *env) {
		snprintf(out, outlen, "%s", env);
		return 0;
	}
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(out, outlen, "%s/peiyou/peiyou.db", xdg);
	else if (home && *home)
		snprintf(out, outlen, "%s/.local/share/peiyou/peiyou.db", home);
	else {
		snprintf(err, errlen, "no --db given and neither PEIYOU_DB, XDG_DATA_HOME nor HOME is set");
		return -1;
	}
	if (make_parent_dirs(out) != 0) {
		snprintf(err, errlen, "cannot create the directory for %s: %s", out, strerror(errno));
		return -1;
	}
	return 0;
}

int64_t run_begin(sqlite3 *db, const char *stage)
{
	sqlite3_stmt *st;
	char now[21];
	now_iso8601(now);
	if (sqlite3_prepare_v2(db, "INSERT INTO runs(stage, version, started) VALUES (?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, PEIYOU_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db) : -1;
}

int run_end(sqlite3 *db, int64_t run_id, const char *status, long docs,
	    long failed, long skipped, double seconds, const char *summary)
{
	sqlite3_stmt *st;
	char now[21];
	now_iso8601(now);
	if (sqlite3_prepare_v2(db, "UPDATE runs SET ended = ?, status = ?, docs = ?, failed = ?,"
			       " skipped = ?, seconds = ?, summary = ? WHERE id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, docs);
	sqlite3_bind_int64(st, 4, failed);
	sqlite3_bind_int64(st, 5, skipped);
	sqlite3_bind_double(st, 6, seconds);
	db_bind_text(st, 7, summary);
	sqlite3_bind_int64(st, 8, run_id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
