/* schema.h - the migrations that build the database schema (schema.c). */
#ifndef PEIYOU_SCHEMA_H
#define PEIYOU_SCHEMA_H

int schema_migration_count(void);
/* SQL of migration n (1-based), or NULL. */
const char *schema_migration(int n);

#endif
