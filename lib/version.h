/* version.h - program and extractor versions.
 *
 * PEIYOU_VERSION names the release of all four programs.  The extractor
 * version is separate: bump it whenever a change to normalisation, repair
 * or extraction would give a different result for the same input, or the
 * rows are stored in a new form, so that `peiyou-extract` re-extracts
 * documents that an older extractor wrote.  3: list items and notes as
 * byte ranges of the clause text (schema version 6).  4: more words that
 * only look like modal verbs (应缴, 应征, 应力, 不可抗拒, 不可用, 不可重复).
 * 5: UTF-8 cut short inside its last character is decoded as UTF-8 (it
 * was taken for GB18030).  6: PDF line wraps joined into paragraphs,
 * spaced and traditional headings, whole cover titles, ICS/CCS, contents
 * entries without leaders.  7: a platform page's ICS, CCS, industry code
 * and other metadata, metadata-only documents marked (migration 7).
 * 8: the cover's issuing body and its patent notice (migration 8).
 * 9: a data element's description ("说明:…") holds no provisions. */
#ifndef PEIYOU_VERSION_H
#define PEIYOU_VERSION_H

#define PEIYOU_VERSION "0.1.0"
#define PEIYOU_EXTRACTOR_VERSION 9

#endif
