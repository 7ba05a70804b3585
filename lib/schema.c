/* schema.c - the database schema as a list of migrations.
 *
 * Migration N (1-based) takes a database from user_version N-1 to N.  Never
 * edit a migration that has shipped: add a new one, document the change in
 * docs/schema.md and CHANGELOG.md (views are a contract with researchers). */
#include "schema.h"

static const char *const migrations[] = {
	/* 1: the extract stage. */
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY,"
	"  stage TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  started TEXT NOT NULL,"
	"  ended TEXT,"
	"  status TEXT NOT NULL DEFAULT 'running',"
	"  docs INTEGER NOT NULL DEFAULT 0,"
	"  failed INTEGER NOT NULL DEFAULT 0,"
	"  skipped INTEGER NOT NULL DEFAULT 0,"
	"  seconds REAL,"
	"  summary TEXT);"
	"CREATE TABLE documents ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL UNIQUE,"
	"  content_sha256 TEXT,"
	"  file_size INTEGER,"
	"  file_mtime_ns INTEGER,"
	"  extractor_version INTEGER,"
	"  extracted_at TEXT,"
	"  run_id INTEGER,"
	"  extract_status TEXT NOT NULL DEFAULT 'pending',"
	"  extract_error TEXT,"
	"  code TEXT, code_prefix TEXT, code_number TEXT, code_year TEXT,"
	"  title_zh TEXT, title_en TEXT,"
	"  status TEXT,"
	"  published TEXT, effective TEXT,"
	"  proposer TEXT, responsible TEXT, drafting_basis TEXT,"
	"  drafting_orgs TEXT, drafters TEXT,"
	"  header_code TEXT, header_code_other TEXT,"
	"  page_headers INTEGER, page_numbers INTEGER,"
	"  chars INTEGER);"
	"CREATE INDEX documents_code ON documents(code);"
	"CREATE TABLE elements (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL, line INTEGER, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE clauses (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  num TEXT NOT NULL, level INTEGER NOT NULL, parent TEXT, kind TEXT NOT NULL,"
	"  heading TEXT, text TEXT, role TEXT, line INTEGER, start_off INTEGER, end_off INTEGER,"
	"  requirement INTEGER, recommendation INTEGER, permission INTEGER, possibility INTEGER,"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE items (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  clause TEXT, marker TEXT, level INTEGER, text TEXT,"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE notes (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  clause TEXT, kind TEXT NOT NULL, label TEXT, text TEXT,"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE terms (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  num TEXT, zh TEXT, en TEXT, definition TEXT, notes TEXT, source TEXT,"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE refs (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL, code TEXT, year TEXT, title TEXT, all_parts INTEGER,"
	"  clause TEXT, raw TEXT, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE INDEX refs_code ON refs(code);"
	"CREATE TABLE provisions (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  clause TEXT, type TEXT NOT NULL, verb TEXT, text TEXT,"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE anomalies (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL, clause TEXT, detail TEXT,"
	"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE toc (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  num TEXT, heading TEXT, page TEXT, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
	"CREATE VIEW v_documents AS"
	"  SELECT id AS doc_id, code, title_zh, title_en, status, published, effective, source"
	"  FROM documents WHERE extract_status = 'ok';"
	"CREATE VIEW v_clauses AS"
	"  SELECT c.doc_id, d.code, c.num, c.level, c.parent, c.heading, c.text"
	"  FROM clauses c JOIN documents d ON d.id = c.doc_id;"
	"CREATE VIEW v_terms AS"
	"  SELECT t.doc_id, d.code, t.num, t.zh, t.en, t.definition"
	"  FROM terms t JOIN documents d ON d.id = t.doc_id;"
	"CREATE VIEW v_refs AS"
	"  SELECT r.doc_id, d.code, r.kind, r.code AS ref_code, r.year AS ref_year,"
	"         r.title AS ref_title, r.clause"
	"  FROM refs r JOIN documents d ON d.id = r.doc_id;"
	"CREATE VIEW v_extract_failures AS"
	"  SELECT id AS doc_id, source, extract_error AS error, extracted_at"
	"  FROM documents WHERE extract_status = 'failed';",
};

int schema_migration_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *schema_migration(int n)
{
	if (n < 1 || n > schema_migration_count())
		return 0;
	return migrations[n - 1];
}
