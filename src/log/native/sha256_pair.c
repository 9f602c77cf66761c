/*
 * SHA-256 of two short messages at once, with the x86 SHA extensions (SHA-NI).
 *
 * Why: a log line is ~300 bytes, five SHA-256 blocks. One message's blocks form a chain of
 * dependent sha256rnds2 instructions, so a core hashing one line at a time waits on their
 * latency; two independent lines in the same loop keep it busy (the out-of-order core overlaps
 * the two chains). OpenSSL hashes one message per call, so this is the one piece of SHA-256 we
 * write ourselves; test/log/scanners.test.ts compares every line's hash with node:crypto's.
 *
 * The block function follows the SHA-NI usage in Intel's "Intel SHA Extensions" paper
 * (Gulley et al., 2013): state kept as ABEF / CDGH, four rounds per message word group.
 */
#include "sha256_pair.h"
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define TARGET __attribute__((target("sha,sse4.1,ssse3")))

static const uint32_t K[64] __attribute__((aligned(16))) = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t IV[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

/* A message split into its full blocks (read in place) and a padded tail of one or two blocks. */
typedef struct {
  const uint8_t *data;
  size_t full, blocks;
  uint8_t tail[128];
} msg_t;

static void prepare(msg_t *m, const uint8_t *p, size_t n) {
  m->data = p;
  m->full = n / 64;
  m->blocks = (n + 8) / 64 + 1;
  size_t rest = n - 64 * m->full, tail_bytes = (m->blocks - m->full) * 64;
  memcpy(m->tail, p + 64 * m->full, rest);
  m->tail[rest] = 0x80;
  memset(m->tail + rest + 1, 0, tail_bytes - rest - 1 - 8);
  uint64_t bits = (uint64_t)n * 8;
  for (int i = 0; i < 8; i++) m->tail[tail_bytes - 1 - i] = (uint8_t)(bits >> (8 * i));
}

static inline const uint8_t *block(const msg_t *m, size_t k) {
  return k < m->full ? m->data + 64 * k : m->tail + 64 * (k - m->full);
}

/* One 64-byte block through each of `lanes` (1 or 2) states; inlined so the lanes interleave. */
TARGET static inline __attribute__((always_inline)) void compress(__m128i *abef, __m128i *cdgh, const uint8_t *const *blk, int lanes) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i w[2][4], save_abef[2], save_cdgh[2];
  for (int l = 0; l < lanes; l++) { save_abef[l] = abef[l]; save_cdgh[l] = cdgh[l]; }
#pragma GCC unroll 16
  for (int t = 0; t < 16; t++) {
    const __m128i k = _mm_load_si128((const __m128i *)(K + 4 * t));
    for (int l = 0; l < lanes; l++) {
      __m128i words;
      if (t < 4) {
        words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blk[l] + 16 * t)), bswap);
      } else {
        /* W[t] from W[t-4], W[t-3] (msg1), W[t-2], W[t-1] (the W[i+9] words, then msg2). */
        __m128i x = _mm_sha256msg1_epu32(w[l][t & 3], w[l][(t + 1) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[l][(t + 3) & 3], w[l][(t + 2) & 3], 4));
        words = _mm_sha256msg2_epu32(x, w[l][(t + 3) & 3]);
      }
      w[l][t & 3] = words;
      __m128i wk = _mm_add_epi32(words, k);
      cdgh[l] = _mm_sha256rnds2_epu32(cdgh[l], abef[l], wk);
      abef[l] = _mm_sha256rnds2_epu32(abef[l], cdgh[l], _mm_shuffle_epi32(wk, 0x0E));
    }
  }
  for (int l = 0; l < lanes; l++) { abef[l] = _mm_add_epi32(abef[l], save_abef[l]); cdgh[l] = _mm_add_epi32(cdgh[l], save_cdgh[l]); }
}

TARGET static inline void start(__m128i *abef, __m128i *cdgh) {
  __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)IV), 0xB1); /* CDAB */
  __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(IV + 4)), 0x1B);
  *abef = _mm_alignr_epi8(dcba, efgh, 8);
  *cdgh = _mm_blend_epi16(efgh, dcba, 0xF0);
}

TARGET static inline void finish(__m128i abef, __m128i cdgh, uint8_t out[32]) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  __m128i abcd = _mm_blend_epi16(feba, dchg, 0xF0);
  __m128i efgh = _mm_alignr_epi8(dchg, feba, 8);
  _mm_storeu_si128((__m128i *)out, _mm_shuffle_epi8(abcd, bswap));
  _mm_storeu_si128((__m128i *)(out + 16), _mm_shuffle_epi8(efgh, bswap));
}

int sha256_pair_available(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3");
}

TARGET void sha256_pair(const uint8_t *a, size_t na, uint8_t out_a[32], const uint8_t *b, size_t nb, uint8_t out_b[32]) {
  msg_t ma, mb;
  prepare(&ma, a, na);
  prepare(&mb, b, nb);
  __m128i abef[2], cdgh[2];
  start(&abef[0], &cdgh[0]);
  start(&abef[1], &cdgh[1]);
  size_t common = ma.blocks < mb.blocks ? ma.blocks : mb.blocks, k;
  for (k = 0; k < common; k++) {
    const uint8_t *blk[2] = { block(&ma, k), block(&mb, k) };
    compress(abef, cdgh, blk, 2);
  }
  for (k = common; k < ma.blocks; k++) {
    const uint8_t *blk[1] = { block(&ma, k) };
    compress(abef, cdgh, blk, 1);
  }
  for (k = common; k < mb.blocks; k++) {
    const uint8_t *blk[1] = { block(&mb, k) };
    compress(abef + 1, cdgh + 1, blk, 1);
  }
  finish(abef[0], cdgh[0], out_a);
  finish(abef[1], cdgh[1], out_b);
}

#else /* not x86-64: never available; OpenSSL hashes one line at a time */

int sha256_pair_available(void) { return 0; }
void sha256_pair(const uint8_t *a, size_t na, uint8_t out_a[32], const uint8_t *b, size_t nb, uint8_t out_b[32]) { (void)a; (void)na; (void)out_a; (void)b; (void)nb; (void)out_b; }

#endif
