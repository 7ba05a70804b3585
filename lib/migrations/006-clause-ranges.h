/* 006-clause-ranges.h - schema version 6: list items, notes and provisions as byte ranges of the clause text.
 * A C string literal included by lib/schema.c; never edit once shipped.
 *
 * The text of every list item, note and example is also inside its
 * clause's text (one line each, after the marker), so clauses.items and
 * clauses.notes stored it twice: extract wrote 650 MB for 300 MB of input.
 * They now hold byte ranges of clauses.text, as provisions already did:
 *   items       [[marker, level, start, length], ...]
 *   notes       [[kind, label, start, length], ...]   kind 0 note, 1 example
 *   provisions  [[type, verb, start, length], ...]    type 0 requirement,
 *               1 recommendation, 2 permission, 3 possibility
 * (start is 0-based, in bytes).  The views give the same columns and
 * values as before.
 *
 * Older rows: provisions are converted here.  Every writer wrote them as
 * compact JSON, where '["requirement",' can only be the start of an
 * element (a '"' inside a string is escaped), so replacing the four type
 * names is exact.  Old items and notes ({"marker","level","text"},
 * {"kind","label","text"}) cannot be turned into ranges reliably in SQL
 * (the same line may occur twice in a clause); v_items and v_notes read
 * both shapes, and the extractor version was raised so that the next
 * extract run writes the documents again in the new shape. */
"UPDATE clauses SET provisions ="
"  replace(replace(replace(replace(provisions,"
"    '[\"requirement\",', '[0,'), '[\"recommendation\",', '[1,'),"
"    '[\"permission\",', '[2,'), '[\"possibility\",', '[3,')"
"  WHERE provisions IS NOT NULL;"
"DROP VIEW v_items;"
"CREATE VIEW v_items AS"
"  SELECT c.doc_id, d.code, c.num AS clause,"
"         json_extract(j.value, CASE j.type WHEN 'array' THEN '$[0]' ELSE '$.marker' END) AS marker,"
"         json_extract(j.value, CASE j.type WHEN 'array' THEN '$[1]' ELSE '$.level' END) AS level,"
"         CASE j.type WHEN 'array'"
"           THEN CAST(substr(CAST(c.text AS BLOB), json_extract(j.value, '$[2]') + 1,"
"                            json_extract(j.value, '$[3]')) AS TEXT)"
"           ELSE json_extract(j.value, '$.text') END AS text"
"  FROM clauses c JOIN documents d ON d.id = c.doc_id, json_each(c.items) j;"
"DROP VIEW v_notes;"
"CREATE VIEW v_notes AS"
"  SELECT c.doc_id, d.code, c.num AS clause,"
"         CASE j.type WHEN 'array'"
"           THEN CASE json_extract(j.value, '$[0]') WHEN 0 THEN 'note' WHEN 1 THEN 'example' END"
"           ELSE json_extract(j.value, '$.kind') END AS kind,"
"         json_extract(j.value, CASE j.type WHEN 'array' THEN '$[1]' ELSE '$.label' END) AS label,"
"         CASE j.type WHEN 'array'"
"           THEN CAST(substr(CAST(c.text AS BLOB), json_extract(j.value, '$[2]') + 1,"
"                            json_extract(j.value, '$[3]')) AS TEXT)"
"           ELSE json_extract(j.value, '$.text') END AS text"
"  FROM clauses c JOIN documents d ON d.id = c.doc_id, json_each(c.notes) j;"
"DROP VIEW v_provisions;"
"CREATE VIEW v_provisions AS"
"  SELECT c.doc_id, d.code, c.num AS clause,"
"         CASE json_extract(j.value, '$[0]') WHEN 0 THEN 'requirement'"
"           WHEN 1 THEN 'recommendation' WHEN 2 THEN 'permission'"
"           WHEN 3 THEN 'possibility' END AS type,"
"         json_extract(j.value, '$[1]') AS verb,"
"         CAST(substr(CAST(c.text AS BLOB), json_extract(j.value, '$[2]') + 1,"
"                     json_extract(j.value, '$[3]')) AS TEXT) AS text"
"  FROM clauses c JOIN documents d ON d.id = c.doc_id, json_each(c.provisions) j;"
