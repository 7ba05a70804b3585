/* sha256.h - SHA-256 (FIPS 180-4), for content identity of documents. */
#ifndef PEIYOU_SHA256_H
#define PEIYOU_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t total;
	unsigned char block[64];
	size_t fill;
	int shani;          /* use the SHA-NI block function */
};

void sha256_init(struct sha256 *s);
/* The same without SHA-NI, for tests and benchmarks. */
void sha256_init_portable(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* One call: hex digest (64 characters and a NUL) of data. */
void sha256_hex(const void *data, size_t n, char out[65]);

#endif
