/* changes.c - what changed since the previous report run.
 *
 * The previous run's view of the corpus is kept in the report_* tables of
 * migration 5: each document's code, title, status, fetch state, content
 * hash, category and ranks (report_docs) and the keys of its findings
 * (report_findings).  Comparing the model with them gives:
 *
 *   new        a document not in the baseline
 *   changed    its content (SHA-256), category or status changed
 *   withdrawn  its status became a withdrawal (废止, 作废, 撤销, 被代替),
 *              its source answers 404/410 (fetch state "gone"), or it left
 *              the corpus (no longer extracted); a document that left the
 *              report because another document of its standard became the
 *              current one (a new edition) is not withdrawn: the new
 *              document's change says whom it replaces
 *   rank       its improvement or excellence rank moved (0 = unranked)
 *   finding_new / finding_resolved
 *              findings of documents in both, keyed by (check, clause,
 *              excerpt, detail) as a multiset; the findings of new and
 *              withdrawn documents are not repeated here
 *
 * The findings of both sides are read one document at a time (the
 * current ones with detail.c, the old ones by the report_findings index),
 * so that memory does not grow with the corpus.  After the files are
 * written, changes_commit() replaces the baseline and keeps the changes in
 * report_changes under the report's run id. */
#include "report.h"
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const change_key[CH_KIND_COUNT] = {
	"new", "changed", "withdrawn", "rank", "finding_new", "finding_resolved",
};

const char *const change_title[CH_KIND_COUNT] = {
	"新增标准 · new standards", "变更标准 · changed standards", "废止或消失 · withdrawn standards",
	"排名变动 · rank movements", "新发现 · new findings", "已解决的发现 · resolved findings",
};

struct old_doc {
	int64_t id;
	char *code, *title, *status, *fetch_state, *sha256, *category;
	long improvement_rank, excellence_rank;
	int seen;                   /* still in the corpus */
};

/* One old finding of the document being compared. */
struct old_finding {
	char *key;                  /* check \x1f clause \x1f excerpt \x1f detail */
	char *check, *clause, *excerpt;
};

struct baseline {
	VEC(struct old_doc) docs;          /* by id */
	sqlite3_stmt *findings;            /* a document's old findings */
};

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void key_part(struct buf *b, const char *s)
{
	if (s)
		buf_puts(b, s);
	else
		buf_putc(b, '\x1e');        /* NULL differs from "" */
	buf_putc(b, '\x1f');
}

static char *finding_key(const char *check, const char *clause, const char *excerpt,
			 const char *detail)
{
	struct buf b = BUF_INIT;
	key_part(&b, check);
	key_part(&b, clause);
	key_part(&b, excerpt);
	key_part(&b, detail);
	return b.p;
}

static int cmp_old_finding(const void *a, const void *b)
{
	const struct old_finding *x = a, *y = b;
	return strcmp(x->key, y->key);
}

typedef VEC(struct old_finding) old_findings;

static void old_findings_clear(old_findings *v)
{
	for (size_t i = 0; i < v->n; i++) {
		struct old_finding *f = &v->v[i];
		free(f->key); free(f->check); free(f->clause); free(f->excerpt);
	}
	vec_clear(v);
}

/* The old findings of one document, sorted by key; -1 with err. */
static int old_findings_load(sqlite3 *db, struct baseline *bl, int64_t doc_id, old_findings *v,
			     char *err, size_t errlen)
{
	old_findings_clear(v);
	sqlite3_stmt *st = bl->findings;
	sqlite3_bind_int64(st, 1, doc_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct old_finding *f = vec_push(v);
		f->check = db_column_dup(st, 0);
		f->clause = db_column_dup(st, 1);
		f->excerpt = db_column_dup(st, 2);
		f->key = finding_key(f->check, f->clause, f->excerpt,
				     (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "reading the report baseline: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (v->n > 1)
		qsort(v->v, v->n, sizeof *v->v, cmp_old_finding);
	return 0;
}

static void baseline_free(struct baseline *bl)
{
	for (size_t i = 0; i < bl->docs.n; i++) {
		struct old_doc *o = &bl->docs.v[i];
		free(o->code); free(o->title); free(o->status); free(o->fetch_state);
		free(o->sha256); free(o->category);
	}
	vec_free(&bl->docs);
	sqlite3_finalize(bl->findings);
	bl->findings = NULL;
}

/* Returns 1 when there is a baseline, 0 when none, -1 on error. */
static int baseline_load(sqlite3 *db, struct baseline *bl, struct changes *c,
			 char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int have = 0;
	if (db_prepare(db, "SELECT run_id, made_at FROM report_baseline WHERE id = 1", &st,
		       err, errlen) != 0)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		have = 1;
		c->since_run = sqlite3_column_int64(st, 0);
		const unsigned char *t = sqlite3_column_text(st, 1);
		snprintf(c->since, sizeof c->since, "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(st);
	if (!have)
		return 0;
	if (db_prepare(db, "SELECT doc_id, code, title_zh, status, fetch_state, content_sha256,"
		       " category, improvement_rank, excellence_rank FROM report_docs ORDER BY doc_id",
		       &st, err, errlen) != 0)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct old_doc *o = vec_push(&bl->docs);
		o->id = sqlite3_column_int64(st, 0);
		o->code = db_column_dup(st, 1);
		o->title = db_column_dup(st, 2);
		o->status = db_column_dup(st, 3);
		o->fetch_state = db_column_dup(st, 4);
		o->sha256 = db_column_dup(st, 5);
		o->category = db_column_dup(st, 6);
		o->improvement_rank = sqlite3_column_int(st, 7);
		o->excellence_rank = sqlite3_column_int(st, 8);
	}
	sqlite3_finalize(st);
	if (db_prepare(db, "SELECT check_code, clause, excerpt, detail FROM report_findings"
		       " WHERE doc_id = ?", &bl->findings, err, errlen) != 0)
		return -1;
	return 1;
}

static struct old_doc *old_doc(struct baseline *bl, int64_t id)
{
	size_t lo = 0, hi = bl->docs.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (bl->docs.v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < bl->docs.n && bl->docs.v[lo].id == id ? &bl->docs.v[lo] : NULL;
}

static int is_withdrawn_status(const char *s)
{
	static const char *const words[] = { "废止", "作废", "撤销", "代替", "替代", NULL };
	for (int i = 0; s && words[i]; i++)
		if (strstr(s, words[i]))
			return 1;
	return 0;
}

/* Changes of one kind are collected apart, then appended in kind order. */
typedef VEC(struct change) change_list;

static struct change *add(change_list *l, enum change_kind kind, int64_t id, const char *code,
			  const char *title)
{
	struct change *c = vec_push(l);
	c->kind = kind;
	c->doc_id = id;
	c->code = code ? xstrdup(code) : NULL;
	c->title = title ? xstrdup(title) : NULL;
	return c;
}

static void detail_add(struct buf *b, const char *fmt, const char *x, const char *y)
{
	if (b->len)
		buf_puts(b, "; ");
	buf_printf(b, fmt, x ? x : "—", y ? y : "—");
}

static void rank_change(change_list *l, const struct doc *d, const char *ranking,
			long from, long to)
{
	if (from == to)
		return;
	struct change *c = add(l, CH_RANK, d->id, d->code, d->title_zh);
	c->ranking = ranking;
	c->from = from;
	c->to = to;
	struct buf b = BUF_INIT;
	if (from && to)
		buf_printf(&b, "%s %ld → %ld", ranking, from, to);
	else if (to)
		buf_printf(&b, "%s — → %ld", ranking, to);
	else
		buf_printf(&b, "%s %ld → —", ranking, from);
	c->detail = b.p;
}

static void finding_change(change_list *l, enum change_kind kind, const struct model *m,
			   const struct doc *d, const char *check, const char *clause,
			   const char *excerpt)
{
	struct change *c = add(l, kind, d->id, d->code, d->title_zh);
	c->check = check ? xstrdup(check) : NULL;
	c->clause = clause ? xstrdup(clause) : NULL;
	c->excerpt = excerpt ? xstrdup(excerpt) : NULL;
	struct buf b = BUF_INIT;
	const char *title = check_title(m, check);
	buf_printf(&b, "%s%s%s%s %s: %s", check ? check : "", title ? "（" : "", title ? title : "",
		   title ? "）" : "", clause ? clause : "-", excerpt ? excerpt : "");
	c->detail = b.p;
}

/* A finding's key and its index in the document's findings. */
struct keyed {
	char *key;
	size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

/* New and resolved findings of one document present in both: a merge of
 * its sorted keys with its sorted old findings. */
static void diff_findings(change_list *added, change_list *resolved, const struct model *m,
			  const struct doc *d, const struct detail *dt, const old_findings *old)
{
	size_t n = dt->findings.n;
	struct keyed *k = xmalloc((n + 1) * sizeof *k);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &dt->findings.v[i];
		k[i] = (struct keyed){ finding_key(f->check, f->clause, f->excerpt, f->detail), i };
	}
	qsort(k, n, sizeof *k, cmp_keyed);
	size_t i = 0, j = 0, end = old->n;
	while (i < n || j < end) {
		int c = i == n ? 1 : j == end ? -1 : strcmp(k[i].key, old->v[j].key);
		if (c == 0) {
			i++, j++;
		} else if (c < 0) {
			const struct finding *f = &dt->findings.v[k[i].i];
			finding_change(added, CH_FINDING_NEW, m, d, f->check, f->clause, f->excerpt);
			i++;
		} else {
			const struct old_finding *f = &old->v[j];
			finding_change(resolved, CH_FINDING_RESOLVED, m, d, f->check, f->clause,
				       f->excerpt);
			j++;
		}
	}
	for (size_t x = 0; x < n; x++)
		free(k[x].key);
	free(k);
}

/* The old document o gave way to now, another document of its standard:
 * said on now's "new" change, or as a change of now when it was there. */
static void superseded(change_list *l, const struct doc *now, const struct old_doc *o)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "取代 %s（doc %lld）成为该标准的现行文档 · replaces %s (doc %lld) as the"
		   " standard's current document", o->code ? o->code : "(无编号)", (long long)o->id,
		   o->code ? o->code : "(no code)", (long long)o->id);
	for (size_t i = 0; i < l[CH_NEW].n; i++) {
		struct change *x = &l[CH_NEW].v[i];
		if (x->doc_id != now->id)
			continue;
		struct buf d = BUF_INIT;
		buf_printf(&d, "%s%s%s", x->detail && *x->detail ? x->detail : "",
			   x->detail && *x->detail ? "; " : "", b.p);
		free(x->detail);
		x->detail = d.p;
		buf_free(&b);
		return;
	}
	struct change *x = add(&l[CH_CHANGED], CH_CHANGED, now->id, now->code, now->title_zh);
	x->detail = b.p;
}

int changes_compute(sqlite3 *db, struct reader *r, struct model *m, char *err, size_t errlen)
{
	struct changes *c = &m->changes;
	struct baseline bl;
	memset(&bl, 0, sizeof bl);
	int have = baseline_load(db, &bl, c, err, errlen);
	if (have < 0) {
		baseline_free(&bl);
		return -1;
	}
	if (!have) {
		c->first = 1;
		baseline_free(&bl);
		return 0;
	}
	change_list l[CH_KIND_COUNT];
	memset(l, 0, sizeof l);
	struct detail dt;
	memset(&dt, 0, sizeof dt);
	old_findings old;
	memset(&old, 0, sizeof old);
	int rc = 0;
	for (size_t i = 0; i < m->docs.n && rc == 0; i++) {
		const struct doc *d = &m->docs.v[i];
		struct old_doc *o = old_doc(&bl, d->id);
		if (!o) {
			struct change *x = add(&l[CH_NEW], CH_NEW, d->id, d->code, d->title_zh);
			x->detail = xstrdup(d->title_zh ? d->title_zh : "");
			continue;
		}
		o->seen = 1;
		struct buf why = BUF_INIT, what = BUF_INIT;
		int withdrawn_now = is_withdrawn_status(d->status) && !is_withdrawn_status(o->status);
		int gone_now = same(d->fetch_state, "gone") && !same(o->fetch_state, "gone");
		if (withdrawn_now)
			detail_add(&why, "status %s → %s", o->status, d->status);
		if (gone_now)
			detail_add(&why, "%s%s", "gone from its source (HTTP 404/410)", "");
		if (!same(d->sha256, o->sha256))
			detail_add(&what, "%s%s", "content", "");
		if (!same(d->status, o->status) && !withdrawn_now)
			detail_add(&what, "status %s → %s", o->status, d->status);
		if (!same(d->category, o->category))
			detail_add(&what, "category %s → %s", o->category, d->category);
		if (why.len) {
			struct change *x = add(&l[CH_WITHDRAWN], CH_WITHDRAWN, d->id, d->code, d->title_zh);
			x->detail = why.p;
		} else {
			buf_free(&why);
		}
		if (what.len) {
			struct change *x = add(&l[CH_CHANGED], CH_CHANGED, d->id, d->code, d->title_zh);
			x->detail = what.p;
		} else {
			buf_free(&what);
		}
		rank_change(&l[CH_RANK], d, "improvement", o->improvement_rank, d->improvement_rank);
		rank_change(&l[CH_RANK], d, "excellence", o->excellence_rank, d->excellence_rank);
		if (detail_load(r, d->id, 0, 0, &dt) != 0) {
			snprintf(err, errlen, "%s", r->err);
			rc = -1;
		} else if (old_findings_load(db, &bl, d->id, &old, err, errlen) != 0) {
			rc = -1;
		} else {
			diff_findings(&l[CH_FINDING_NEW], &l[CH_FINDING_RESOLVED], m, d, &dt, &old);
		}
	}
	detail_free(&dt);
	old_findings_clear(&old);
	vec_free(&old);
	/* a document that left the report because another document of its
	 * standard is now the current one (a new edition, a fuller text) is
	 * not withdrawn: the standard changed its document */
	sqlite3_stmt *sup = NULL;
	if (rc == 0 && db_prepare(db, "SELECT current_doc_id FROM temp.report_standards"
				  " WHERE doc_id = ?1 AND NOT current", &sup, err, errlen) != 0)
		rc = -1;
	for (size_t i = 0; i < bl.docs.n && rc == 0; i++) {
		const struct old_doc *o = &bl.docs.v[i];
		if (o->seen)
			continue;
		sqlite3_bind_int64(sup, 1, o->id);
		const struct doc *now = sqlite3_step(sup) == SQLITE_ROW
			? model_doc(m, sqlite3_column_int64(sup, 0)) : NULL;
		sqlite3_reset(sup);
		if (now) {
			superseded(l, now, o);
			continue;
		}
		struct change *x = add(&l[CH_WITHDRAWN], CH_WITHDRAWN, o->id, o->code, o->title);
		x->detail = xstrdup("no longer in the corpus");
	}
	sqlite3_finalize(sup);
	/* moved into c->v even on an error, so that changes_free() frees them */
	for (int k = 0; k < CH_KIND_COUNT; k++) {
		for (size_t i = 0; i < l[k].n; i++)
			*vec_push(&c->v) = l[k].v[i];
		c->count[k] = (long)l[k].n;
		vec_free(&l[k]);
	}
	baseline_free(&bl);
	return rc;
}

void changes_free(struct changes *c)
{
	for (size_t i = 0; i < c->v.n; i++) {
		struct change *x = &c->v.v[i];
		free(x->code); free(x->title); free(x->detail);
		free(x->check); free(x->clause); free(x->excerpt);
	}
	vec_free(&c->v);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "writing the report baseline: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static void bind_rank(sqlite3_stmt *st, int i, long rank)
{
	if (rank > 0)
		sqlite3_bind_int64(st, i, rank);
	else
		sqlite3_bind_null(st, i);
}

/* Inside the caller's read transaction, so that the findings copied into
 * the baseline are those the report showed; its first write makes it a
 * write transaction (which fails when another connection has written
 * since the report read: the baseline then stays, and the next report
 * compares with the previous one).  A savepoint undoes a partial write. */
int changes_commit(sqlite3 *db, const struct model *m, char *err, size_t errlen)
{
	sqlite3_stmt *sd = NULL, *sf = NULL, *sc = NULL, *sb = NULL;
	int rc = -1;
	if (db_exec(db, "SAVEPOINT baseline", err, errlen) != 0)
		return -1;
	if (db_exec(db, "DELETE FROM report_docs; DELETE FROM report_findings;", err, errlen) != 0 ||
	    db_prepare(db, "INSERT INTO report_docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &sd,
		       err, errlen) != 0 ||
	    db_prepare(db, "INSERT INTO report_findings SELECT ?1, check_code, clause, excerpt, detail"
		       " FROM findings WHERE doc_id = ?1 ORDER BY CASE severity WHEN 'error' THEN 0"
		       " WHEN 'warning' THEN 1 ELSE 2 END, seq", &sf, err, errlen) != 0 ||
	    db_prepare(db, "INSERT INTO report_changes VALUES (?, ?, ?, ?, ?, ?)", &sc, err, errlen) != 0 ||
	    db_prepare(db, "INSERT OR REPLACE INTO report_baseline VALUES (1, ?, ?, ?)", &sb,
		       err, errlen) != 0)
		goto out;
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		sqlite3_bind_int64(sd, 1, d->id);
		db_bind_text(sd, 2, d->code);
		db_bind_text(sd, 3, d->title_zh);
		db_bind_text(sd, 4, d->status);
		db_bind_text(sd, 5, d->fetch_state);
		db_bind_text(sd, 6, d->sha256);
		db_bind_text(sd, 7, d->category);
		bind_rank(sd, 8, d->improvement_rank);
		bind_rank(sd, 9, d->excellence_rank);
		if (step_done(db, sd, err, errlen) != 0)
			goto out;
		sqlite3_bind_int64(sf, 1, d->id);
		if (step_done(db, sf, err, errlen) != 0)
			goto out;
	}
	for (size_t i = 0; i < m->changes.v.n; i++) {
		const struct change *x = &m->changes.v.v[i];
		sqlite3_bind_int64(sc, 1, m->run_id);
		sqlite3_bind_int64(sc, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_text(sc, 3, change_key[x->kind], -1, SQLITE_STATIC);
		sqlite3_bind_int64(sc, 4, x->doc_id);
		db_bind_text(sc, 5, x->code);
		db_bind_text(sc, 6, x->detail);
		if (step_done(db, sc, err, errlen) != 0)
			goto out;
	}
	sqlite3_bind_int64(sb, 1, m->run_id);
	sqlite3_bind_text(sb, 2, m->generated, -1, SQLITE_STATIC);
	sqlite3_bind_int64(sb, 3, (sqlite3_int64)m->docs.n);
	if (step_done(db, sb, err, errlen) != 0)
		goto out;
	rc = db_exec(db, "RELEASE baseline", err, errlen);
out:
	sqlite3_finalize(sd);
	sqlite3_finalize(sf);
	sqlite3_finalize(sc);
	sqlite3_finalize(sb);
	if (rc != 0) {
		char ignore[64];
		db_exec(db, "ROLLBACK TO baseline; RELEASE baseline", ignore, sizeof ignore);
	}
	return rc;
}
