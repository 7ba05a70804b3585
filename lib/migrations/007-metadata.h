/* 007-metadata.h - schema version 7: platform metadata, metadata-only documents, the classifier's evidence.
 * A C string literal included by lib/schema.c; never edit once shipped.
 *
 * documents gains what a platform's detail page (and a cover: ICS, CCS)
 * states about a standard: ics, ccs, industry (国民经济分类 / 行业分类, GB/T
 * 4754-2017), the issuing organisation's category (社团类别) and business
 * scope (业务范围), its 主管部门 (authority) and 归口单位 (committee), the
 * page's drafters and drafting organisations (JSON arrays), scope (范围),
 * main technical content (主要技术内容), patent flag (是否包含专利信息: 1, 0),
 * the link to the text (标准文本), every other label of the page
 * (platform_meta, a JSON object), and metadata_only: 1 for a detail page
 * without the standard's text, which is a document in its own right.
 * analysis gains the subject type, the probability of 无 and how a near
 * tie between classes was broken; category_evidence gains the kind of
 * evidence (lexicon, code, subject, ngram, logit).  v_documents is
 * recreated with the same columns and ics, ccs, industry, issuer and
 * metadata_only after them; v_platform_metadata, v_category_evidence and
 * v_decisions are new. */
"ALTER TABLE documents ADD COLUMN ics TEXT;"
"ALTER TABLE documents ADD COLUMN ccs TEXT;"
"ALTER TABLE documents ADD COLUMN industry TEXT;"
"ALTER TABLE documents ADD COLUMN org_category TEXT;"
"ALTER TABLE documents ADD COLUMN org_scope TEXT;"
"ALTER TABLE documents ADD COLUMN authority TEXT;"
"ALTER TABLE documents ADD COLUMN committee TEXT;"
"ALTER TABLE documents ADD COLUMN page_drafters TEXT;"
"ALTER TABLE documents ADD COLUMN page_orgs TEXT;"
"ALTER TABLE documents ADD COLUMN page_scope TEXT;"
"ALTER TABLE documents ADD COLUMN main_content TEXT;"
"ALTER TABLE documents ADD COLUMN patent INTEGER;"
"ALTER TABLE documents ADD COLUMN text_url TEXT;"
"ALTER TABLE documents ADD COLUMN platform_meta TEXT;"
"ALTER TABLE documents ADD COLUMN metadata_only INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE analysis ADD COLUMN subject TEXT;"
"ALTER TABLE analysis ADD COLUMN none_score REAL;"
"ALTER TABLE analysis ADD COLUMN tie TEXT;"
"ALTER TABLE category_evidence ADD COLUMN kind TEXT NOT NULL DEFAULT 'lexicon';"
"DROP VIEW v_documents;"
"CREATE VIEW v_documents AS"
"  SELECT d.id AS doc_id, COALESCE(d.code, u.code) AS code,"
"         COALESCE(d.title_zh, u.title) AS title_zh,"
"         COALESCE(d.title_en, u.title_en) AS title_en,"
"         COALESCE(d.status, u.platform_status) AS status,"
"         COALESCE(d.published, u.published) AS published,"
"         COALESCE(d.effective, u.effective) AS effective, d.source,"
"         d.ics, d.ccs, d.industry, COALESCE(d.publisher, u.organization) AS issuer,"
"         d.metadata_only"
"  FROM documents d LEFT JOIN fetch_urls u ON u.url = d.source"
"  WHERE d.extract_status = 'ok';"
"CREATE VIEW v_platform_metadata AS"
"  SELECT d.id AS doc_id, d.code, d.ics, d.ccs, d.industry, d.publisher AS issuer,"
"         d.org_category, d.org_scope, d.authority, d.committee,"
"         d.page_drafters AS drafters, d.page_orgs AS drafting_orgs, d.page_scope AS scope,"
"         d.main_content, d.patent, d.text_url, d.platform_meta AS other, d.metadata_only"
"  FROM documents d WHERE d.extract_status = 'ok';"
"CREATE VIEW v_category_evidence AS"
"  SELECT e.doc_id, d.code, e.kind, e.category, e.term, e.zone, e.count, e.weight, e.points"
"  FROM category_evidence e JOIN documents d ON d.id = e.doc_id;"
"CREATE VIEW v_decisions AS"
"  SELECT a.doc_id, d.code, a.category, a.field_score AS score, a.none_score, a.subject,"
"         a.tie, d.metadata_only"
"  FROM analysis a JOIN documents d ON d.id = a.doc_id;"
