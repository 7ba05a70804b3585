/* 008-findings.h - schema version 8: each finding's message, and what each check is.
 * A C string literal included by lib/schema.c; never edit once shipped.
 *
 * findings.message is the finding said for a person: where, what is wrong,
 * the GB/T 1.1-2020 clause (or the rules the document follows) and the
 * fix, in Chinese (peiyou-analyze --lang en: English); findings.detail,
 * there before, now holds the fact the finding rests on (the vague word,
 * the code, the term, the numbering anomaly).  v_findings gains both, and
 * the check's title.  checks.title is now Chinese; checks gains title_en,
 * rule (the GB/T 1.1-2020 clause), enabled (run by default: the check
 * holds a precision of 0.9 on real standards) and scored (its findings
 * count in the quality indicator).  documents.patent_notice: the cover
 * asks for patent information, as a draft for comment's must (extract;
 * the cover's issuing body goes to documents.publisher when no platform
 * page named one). */
"ALTER TABLE findings ADD COLUMN message TEXT;"
"ALTER TABLE documents ADD COLUMN patent_notice INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE checks ADD COLUMN title_en TEXT;"
"ALTER TABLE checks ADD COLUMN rule TEXT;"
"ALTER TABLE checks ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;"
"ALTER TABLE checks ADD COLUMN scored INTEGER NOT NULL DEFAULT 1;"
"DROP VIEW v_findings;"
"CREATE VIEW v_findings AS"
"  SELECT f.doc_id, d.code, f.check_code, f.severity, f.clause, f.excerpt,"
"         f.message, f.detail, k.title AS check_title"
"  FROM findings f JOIN documents d ON d.id = f.doc_id"
"  LEFT JOIN checks k ON k.code = f.check_code;"
