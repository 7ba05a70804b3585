/* db.c - see db.h. */
#include "db.h"
#include "buf.h"
#include "log.h"
#include "pathcheck.h"
#include "schema.h"
#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* One integer from a one-row query, or -1 (SQLite's error in the handle). */
static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Is the file ours?  Our databases carry PEIYOU_APPLICATION_ID; one made
 * before it was set has application_id 0 and our tables.  An empty file
 * (or an empty SQLite database) is a new one.  Anything else belongs to
 * another program: we add no tables to it.  *mark is set when the id is
 * still to be written.  Nothing is written here. */
static int check_owner(sqlite3 *db, const char *path, int *mark, char *err, size_t errlen)
{
	*mark = 0;
	long long app = query_int(db, "PRAGMA application_id");
	if (app < 0 && sqlite3_errcode(db) != SQLITE_OK) {
		if (sqlite3_errcode(db) == SQLITE_NOTADB)
			snprintf(err, errlen, "%s 不是 SQLite 数据库文件，peiyou 不会改写它"
				 " (not an SQLite database: %s)", path, sqlite3_errmsg(db));
		else
			snprintf(err, errlen, "%s: cannot read the database: %s", path,
				 sqlite3_errmsg(db));
		return -1;
	}
	if (app == PEIYOU_APPLICATION_ID)
		return 0;
	if (app != 0) {
		snprintf(err, errlen, "%s 是另一个程序的 SQLite 数据库（application_id %lld），"
			 "peiyou 不会在其中建表；请用 --db 指定 peiyou 自己的数据库"
			 " (another application's database: application_id %lld; peiyou adds no"
			 " tables to it)", path, app, app);
		return -1;
	}
	long long tables = query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
				     " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
	long long ours = query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
				   " AND name IN ('runs', 'documents')");
	if (tables < 0 || ours < 0) {
		snprintf(err, errlen, "%s: cannot read the database: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	if (tables > 0 && ours < 2) {
		snprintf(err, errlen, "%s 已有别的程序的表，不是 peiyou 的数据库，peiyou 不会在其中建表；"
			 "请用 --db 指定 peiyou 自己的数据库 (an SQLite database of another application:"
			 " it has tables, but not peiyou's)", path);
		return -1;
	}
	*mark = 1;
	return 0;
}

/* Bring the schema from its version to ours, one migration per
 * transaction so that a failure leaves a consistent (older) schema; with
 * mark, the application id is written too (with the first migration, or
 * alone when there is none). */
static int migrate(sqlite3 *db, const char *path, int mark, char *err, size_t errlen)
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
	char mark_sql[64];
	snprintf(mark_sql, sizeof mark_sql, "PRAGMA application_id = %d", PEIYOU_APPLICATION_ID);
	if (mark && have == want) {
		char msg[512];
		if (db_exec(db, mark_sql, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s: cannot mark the database as peiyou's: %s", path, msg);
			return -1;
		}
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
		    db_exec(db, sql, msg, sizeof msg) != 0 ||
		    (mark && db_exec(db, mark_sql, msg, sizeof msg) != 0)) {
			char ignore[64];
			db_exec(db, "ROLLBACK", ignore, sizeof ignore);
			snprintf(err, errlen, "%s: migration to schema version %d failed: %s", path, v, msg);
			return -1;
		}
		if (db_exec(db, "COMMIT", msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s: cannot commit migration %d: %s", path, v, msg);
			return -1;
		}
		mark = 0;
		if (have > 0)
			log_info("%s: schema migrated to version %d", path, v);
	}
	return 0;
}

/* A write bit anywhere, and write access for us. */
static int writable(const struct stat *sb, const char *path)
{
	return (sb->st_mode & 0222) && access(path, W_OK) == 0;
}

/* Before SQLite touches anything: the database must be a writable file
 * in a writable directory (every stage writes at least its runs row).
 * SQLite would open a read-only file read-only and, in WAL mode, create
 * its -shm beside it with the same read-only permissions, which goes on
 * failing after the user has made the database writable again.  So a
 * read-only database is refused unopened, and a -wal or -shm left
 * read-only beside a writable database (by such a run) is given the
 * database's permissions back when it is ours. */
static int check_files(const char *path, char *err, size_t errlen)
{
	char why[1024];
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && path_problem(path, 0, ENOENT, why, sizeof why)) {
			snprintf(err, errlen, "无法创建数据库 %s：%s", path, why);
			return -1;
		}
		return 0;       /* a new database; SQLite says the rest */
	}
	if (S_ISDIR(sb.st_mode) || !S_ISREG(sb.st_mode)) {
		if (!path_problem(path, 0, 0, why, sizeof why))
			snprintf(why, sizeof why, "%s 不是普通文件 (not a regular file)", path);
		snprintf(err, errlen, "无法使用数据库 %s：%s", path, why);
		return -1;
	}
	if (!writable(&sb, path)) {
		snprintf(err, errlen, "数据库 %s 是只读的（权限 %03o）：peiyou 的每个阶段都要写入它；"
			 "用 chmod u+w %s 恢复写权限 (the database is read-only; every stage writes"
			 " to it)", path, (unsigned)(sb.st_mode & 0777), path);
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		struct buf side = BUF_INIT;
		buf_printf(&side, "%s%s", path, i ? "-shm" : "-wal");
		struct stat ss;
		int rc = 0;
		if (stat(side.p, &ss) == 0 && !writable(&ss, side.p)) {
			if (ss.st_uid == geteuid() && chmod(side.p, sb.st_mode & 0666) == 0 &&
			    access(side.p, W_OK) == 0) {
				log_info("%s：已恢复写权限（此前对只读数据库的一次运行留下的只读文件）"
					 " (write permission restored: left read-only by a run on the"
					 " read-only database)", side.p);
			} else {
				snprintf(err, errlen, "%s 不可写（权限 %03o）：在没有 peiyou 运行时删除它或"
					 "恢复写权限 (not writable; remove it while no peiyou runs)", side.p,
					 (unsigned)(ss.st_mode & 0777));
				rc = -1;
			}
		}
		buf_free(&side);
		if (rc)
			return -1;
	}
	/* SQLite creates the -wal and -shm files in the directory */
	if (path_problem(path, 0, 0, why, sizeof why)) {
		snprintf(err, errlen, "无法使用数据库 %s：%s（SQLite 需要在数据库旁创建 -wal 和 -shm"
			 " 文件）", path, why);
		return -1;
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
	if (check_files(path, err, errlen) != 0)
		return NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open database: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	if (sqlite3_db_readonly(db, "main") == 1) {
		snprintf(err, errlen, "数据库 %s 只能以只读方式打开：peiyou 的每个阶段都要写入它"
			 " (the database can only be opened read-only)", path);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 30000);
	int mark;
	if (check_owner(db, path, &mark, err, errlen) != 0) {
		sqlite3_close(db);
		return NULL;
	}
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
	if (migrate(db, path, mark, err, errlen) != 0) {
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

/* Runs of this stage still "running" belong to processes that were
 * killed: the caller holds the stage's run lock, so none of them is
 * alive.  They are marked interrupted, each named once. */
static void mark_interrupted(sqlite3 *db, const char *stage, const char *now)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "UPDATE runs SET status = 'interrupted', ended = coalesce(ended, ?2)"
			       " WHERE stage = ?1 AND status = 'running' RETURNING id, started",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		log_info("%s 运行 %lld（开始于 %s）未结束就中止了，已记为 interrupted"
			 " (run %lld, started %s, was killed: marked interrupted)", stage,
			 (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			 (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
}

int64_t run_begin(sqlite3 *db, const char *stage)
{
	sqlite3_stmt *st;
	char now[21];
	now_iso8601(now);
	mark_interrupted(db, stage, now);
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
