/* schema.c - the database schema as a list of migrations.
 *
 * Migration N (1-based) takes a database from user_version N-1 to N.  Never
 * edit a migration that has shipped: add a new one, document the change in
 * docs/schema.md and CHANGELOG.md (views are a contract with researchers). */
#include "schema.h"

/* One file per migration, in order; each holds one C string literal. */
static const char *const migrations[] = {
#include "migrations/001-extract.h"
	,
#include "migrations/002-fetch.h"
	,
#include "migrations/003-formats.h"
	,
#include "migrations/004-analyze.h"
	,
#include "migrations/005-report.h"
	,
#include "migrations/006-clause-ranges.h"
	,
#include "migrations/008-findings.h"
	,
#include "migrations/009-identity.h"
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
