/* 009-identity.h - standards known by their code across sources and editions; local file stamps; zone factors of evidence.
 * A C string literal included by lib/schema.c; never edit once shipped.
 *
 * v_standard_documents: every extracted document with the standard it
 * belongs to and whether it is that standard's current document.  A
 * standard is the code without its year ("T/HNJYXH 008" for
 * T/HNJYXH 008-2023 and a 2025 edition), the code being the text's own or,
 * when the text has none, the platform's; a code whose number is a
 * placeholder (a draft's "X") is one standard per code and title; a
 * document without any code is one standard with every document of the
 * same content (SHA-256).  The current document: the newest edition (year
 * of the code), then a published text before a draft (征求意见稿 ...), then
 * the fuller text (more clauses:
 * a PDF before the platform page that announces it), then the document
 * known first (lowest doc_id), so that the choice is stable.
 * v_standards: one row per standard with its current document, how many
 * documents it has, its editions (codes), its sources and the fetched
 * versions behind them.  Rankings, the report and v_search take the
 * current documents only (their queries read v_standards).
 *
 * fetch_urls.file_size / file_mtime_ns: the stamp of a file: source when
 * it was last read, so that every fetch run looks at local files (a stat)
 * without reading the unchanged ones.
 * category_evidence.factor: the zone factor the points were computed with
 * (points = weight x factor x (1 + ln count)), so that --explain shows the
 * arithmetic from what was stored. */
"ALTER TABLE fetch_urls ADD COLUMN file_size INTEGER;"
"ALTER TABLE fetch_urls ADD COLUMN file_mtime_ns INTEGER;"
"ALTER TABLE category_evidence ADD COLUMN factor REAL;"
"CREATE VIEW v_standard_documents AS"
"  SELECT doc_id, standard, code, title_zh, status, published, effective, source,"
"         clauses, versions, pos = 1 AS current,"
"         first_value(doc_id) OVER (PARTITION BY skey ORDER BY pos) AS current_doc_id"
"  FROM (SELECT *, row_number() OVER (PARTITION BY skey ORDER BY year IS NULL, year DESC,"
"                 coalesce(status, '') GLOB '*稿*',"
"                 clauses DESC, doc_id) AS pos"
"        FROM (SELECT *,"
"                CASE WHEN standard IS NULL"
"                       THEN coalesce('sha256:' || content_sha256, 'doc:' || doc_id)"
"                     WHEN substr(standard, instr(standard, ' ') + 1) GLOB '*[Xx]*'"
"                       THEN code || '|' || coalesce(title_zh, '')"
"                     ELSE standard END AS skey"
"              FROM (SELECT *,"
"                      CASE WHEN code GLOB '*-[0-9][0-9][0-9][0-9]' THEN substr(code, 1, length(code) - 5)"
"                           WHEN code GLOB '*-[0-9][0-9]' THEN substr(code, 1, length(code) - 3)"
"                           ELSE code END AS standard,"
"                      CASE WHEN code GLOB '*-[0-9][0-9][0-9][0-9]' THEN CAST(substr(code, -4) AS INTEGER)"
"                           WHEN code GLOB '*-[0-9][0-9]' THEN CAST(substr(code, -2) AS INTEGER)"
"                             + CASE WHEN CAST(substr(code, -2) AS INTEGER) >= 50 THEN 1900 ELSE 2000 END"
"                      END AS year"
"                    FROM (SELECT d.id AS doc_id, coalesce(d.code, u.code) AS code,"
"                            coalesce(d.title_zh, u.title) AS title_zh,"
"                            coalesce(d.status, u.platform_status) AS status,"
"                            coalesce(d.published, u.published) AS published,"
"                            coalesce(d.effective, u.effective) AS effective,"
"                            d.source, d.content_sha256,"
"                            (SELECT count(*) FROM clauses c WHERE c.doc_id = d.id) AS clauses,"
"                            (SELECT count(*) FROM fetch_versions v WHERE v.url_id = u.id) AS versions"
"                          FROM documents d LEFT JOIN fetch_urls u ON u.url = d.source"
"                          WHERE d.extract_status = 'ok'))));"
"CREATE VIEW v_standards AS"
"  SELECT s.standard, s.code, s.doc_id, s.title_zh, s.status, s.published, s.effective,"
"         s.source, g.documents, g.editions, g.sources, g.versions"
"  FROM (SELECT current_doc_id, count(*) AS documents,"
"               json_group_array(DISTINCT code) FILTER (WHERE code IS NOT NULL) AS editions,"
"               json_group_array(source) AS sources, sum(versions) AS versions"
"        FROM (SELECT * FROM v_standard_documents ORDER BY current_doc_id, current DESC, code DESC, doc_id)"
"        GROUP BY current_doc_id) g"
"  JOIN v_standard_documents s ON s.doc_id = g.current_doc_id;"
"DROP VIEW v_search;"
"CREATE VIEW v_search AS"
"  SELECT s.search AS query, s.rank AS rank, s.kind, s.doc_id, d.code, s.num,"
"         s.heading || '' AS heading, s.text || '' AS text"
"  FROM search s JOIN documents d ON d.id = s.doc_id"
"  WHERE s.doc_id IN (SELECT doc_id FROM v_standard_documents WHERE current);"
