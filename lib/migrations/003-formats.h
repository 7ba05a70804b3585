/* 003-formats.h - schema version 3: source formats, encodings and converters of extracted documents.
 * A C string literal included by lib/schema.c; never edit once shipped.
 *
 * documents gains what conversion did (extract/convert.h): the detected
 * source format, the text encoding, the converter and its version, the page
 * count, whether the text came from OCR, the conversion warnings (a JSON
 * array of strings), the running header/footer lines removed by position,
 * and the publisher a platform page names.  extract_status may now also be
 * 'needs_ocr' (a scan, no OCR available) or 'unsupported' (.doc, .docx...).
 * repairs: the OCR slips repaired in a document (clause numbers, glued
 * headings, lost chapter numbers).  v_document_formats: the researchers'
 * view of it all. */
"ALTER TABLE documents ADD COLUMN source_format TEXT;"
"ALTER TABLE documents ADD COLUMN encoding TEXT;"
"ALTER TABLE documents ADD COLUMN converter TEXT;"
"ALTER TABLE documents ADD COLUMN converter_version TEXT;"
"ALTER TABLE documents ADD COLUMN pages INTEGER;"
"ALTER TABLE documents ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE documents ADD COLUMN conversion_warnings TEXT;"
"ALTER TABLE documents ADD COLUMN furniture_removed INTEGER;"
"ALTER TABLE documents ADD COLUMN publisher TEXT;"
"CREATE TABLE repairs (doc_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
"  line INTEGER, kind TEXT NOT NULL, before TEXT, after TEXT,"
"  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;"
"CREATE VIEW v_document_formats AS"
"  SELECT id AS doc_id, source, source_format, encoding,"
"         CASE WHEN converter_version IS NULL OR converter_version = '' THEN converter"
"              ELSE converter || ' ' || converter_version END AS converter,"
"         pages, ocr, conversion_warnings AS warnings, extract_status AS status"
"  FROM documents;"
