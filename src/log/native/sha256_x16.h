/*
 * SHA-256 of up to sixteen short messages at once with AVX-512 (see sha256_x16.c).
 * sha256_x16_available() says whether this CPU has AVX-512 F and BW.
 */
#ifndef SHA256_X16_H
#define SHA256_X16_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_X16_LANES 16

int sha256_x16_available(void);
/* outs[i] = SHA-256(msgs[i][0, lens[i])) for i < count (1..16). Only when sha256_x16_available(). */
void sha256_x16(const uint8_t *const *msgs, const size_t *lens, uint8_t *const *outs, int count);

#endif
