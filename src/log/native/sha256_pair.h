/*
 * SHA-256 of two short messages at once with the x86 SHA extensions (see sha256_pair.c).
 * sha256_pair_available() says whether this CPU has them; when it does not (or off x86-64),
 * callers hash with OpenSSL, one message at a time.
 */
#ifndef SHA256_PAIR_H
#define SHA256_PAIR_H
#include <stddef.h>
#include <stdint.h>

int sha256_pair_available(void);
/* out_a = SHA-256(a[0, na)), out_b = SHA-256(b[0, nb)). Only when sha256_pair_available(). */
void sha256_pair(const uint8_t *a, size_t na, uint8_t out_a[32], const uint8_t *b, size_t nb, uint8_t out_b[32]);

#endif
