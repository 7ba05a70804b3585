/* 005-report.h - schema version 5: full-text search (FTS5) and what the last report saw.
 * A C string literal included by lib/schema.c; never edit once shipped.
 *
 * search: an FTS5 index over clause headings and text and over term entries,
 * with the trigram tokenizer (Chinese needs no word segmenter; a query needs
 * three characters or more, shorter ones go through LIKE, which the trigram
 * table answers with a scan).  lib/search.c brings it up to date for the
 * documents whose content changed since they were indexed (search_state),
 * when peiyou-report runs: indexing with triggers inside extract made bulk
 * extraction twelve times slower.  The rowid is computed from (doc_id,
 * seq) -- clauses and terms have no INTEGER PRIMARY KEY, so their own
 * rowids may change on VACUUM -- as doc_id * 2^25 + seq * 2 (+ 1 for
 * terms); seq stays below 2^24.
 * v_search: the index with the document's code, for researchers:
 * "WHERE query MATCH '养老服务' ORDER BY rank" uses the index; heading and
 * text are expressions, not the index's columns, so that LIKE and instr()
 * on them scan the rows (SQLite 3.40's trigram index answers a LIKE
 * pattern of fewer than three characters with no rows at all).
 *
 * report_baseline, report_docs, report_findings: what the last report run
 * saw (its documents with content hash, status and ranks, and its finding
 * keys); peiyou-report compares the database with them, writes the
 * differences into report_changes (kept per report run, v_changes), then
 * replaces them. */
"CREATE VIRTUAL TABLE search USING fts5("
"  kind UNINDEXED, doc_id UNINDEXED, num UNINDEXED, heading, text,"
"  tokenize = 'trigram');"
"CREATE TABLE search_state (doc_id INTEGER PRIMARY KEY, content_sha256 TEXT,"
"  extractor_version INTEGER);"
"CREATE VIEW v_search AS"
"  SELECT s.search AS query, s.rank AS rank, s.kind, s.doc_id, d.code, s.num,"
"         s.heading || '' AS heading, s.text || '' AS text"
"  FROM search s JOIN documents d ON d.id = s.doc_id;"
"CREATE TABLE report_baseline (id INTEGER PRIMARY KEY CHECK (id = 1),"
"  run_id INTEGER NOT NULL, made_at TEXT NOT NULL, docs INTEGER NOT NULL);"
"CREATE TABLE report_docs (doc_id INTEGER PRIMARY KEY, code TEXT, title_zh TEXT,"
"  status TEXT, fetch_state TEXT, content_sha256 TEXT, category TEXT,"
"  improvement_rank INTEGER, excellence_rank INTEGER);"
"CREATE TABLE report_findings (doc_id INTEGER NOT NULL, check_code TEXT NOT NULL,"
"  clause TEXT, excerpt TEXT, detail TEXT);"
"CREATE INDEX report_findings_doc ON report_findings(doc_id);"
"CREATE TABLE report_changes (run_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
"  kind TEXT NOT NULL, doc_id INTEGER, code TEXT, detail TEXT,"
"  PRIMARY KEY (run_id, seq)) WITHOUT ROWID;"
"CREATE VIEW v_changes AS"
"  SELECT c.run_id, u.started AS run_started, c.kind, c.doc_id, c.code, c.detail"
"  FROM report_changes c JOIN runs u ON u.id = c.run_id;"
