/* purge.c - see purge.h. */
#include "purge.h"
#include "buf.h"
#include "db.h"

#include <stdio.h>

int purge_documents(sqlite3 *db, const char *select_ids, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) p"
		       " WHERE m.type = 'table' AND p.name = 'doc_id' AND m.name NOT LIKE 'sqlite%'",
		       &st, err, errlen) != 0)
		return -1;
	struct buf sql = BUF_INIT;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		buf_printf(&sql, "DELETE FROM \"%s\" WHERE doc_id IN (%s);",
			   (const char *)sqlite3_column_text(st, 0), select_ids);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		buf_free(&sql);
		return -1;
	}
	buf_printf(&sql, "DELETE FROM documents WHERE id IN (%s);", select_ids);
	rc = db_exec(db, sql.p, err, errlen);
	buf_free(&sql);
	return rc;
}
