/*
 * Memory-safety test of the native log scanner: compiled with AddressSanitizer and
 * UndefinedBehaviorSanitizer (test/log/native-sanitizers.test.ts), it scans hundreds of
 * thousands of mutated records, each in a buffer of exactly its own size, so that any read
 * past a line or a chunk (the scanner relies on the '\n' after each line and bounds its
 * 16-byte loads by the range end) stops the run. Every byte the scanner reads is
 * attacker-controlled; this is where that promise is checked.
 */
#define LOG_SCAN_STANDALONE 1
#include "../../../src/log/native/log_scan.c"
#include <stdio.h>

static uint32_t seed = 0x9e3779b9u;
static uint32_t rnd(uint32_t n) { seed = seed * 1664525u + 1013904223u; return (seed >> 8) % n; }

static const char *TEMPLATES[] = {
  "{\"seq\":7,\"time\":\"2026-01-01T00:00:00.000Z\",\"event\":\"auth.login\",\"actor\":\"u\",\"detail\":{\"a\":[1,-2.5e3,true,false,null],\"s\":\"\\u00e9\\n\xe3\x81\x82\"},\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\"}",
  "{\"seq\":8,\"time\":\"2026-01-01T00:00:00.000Z\",\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"event\":\"log.checkpoint\"}",
  "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
  " { \"seq\" : 1 , \"time\" : \"x\" } ",
};
static const char SPECIALS[] = "{}[]:,\"\\ \t\r0123456789-+.eEtrufalsnu\x01\x7f\x80\xc3\xe3\xed\xf0\xf4\xff";

static void scan_buffer(const uint8_t *buf, size_t len) {
  enum { CAP = 64 };
  int32_t ends[CAP], toffs[CAP]; double seqs[CAP]; uint8_t flags[CAP], hashes[CAP * 32], state[64] = {0};
  size_t pos = 0;
  while (pos < len) {
    job_t j = { buf, pos, len, CAP, state, ends, seqs, flags, toffs, hashes, 0, 0 };
    size_t n = scan_parts(&j);
    if (n == 0) break;
    pos = (size_t)ends[n - 1] + 1;
  }
}

int main(void) {
  init_plain();
  hash_way = pick_hash_way();
  uint8_t line[1024];
  size_t accepted = 0, total = 0;
  for (int i = 0; i < 300000; i++) {
    const char *t = TEMPLATES[rnd(sizeof TEMPLATES / sizeof *TEMPLATES)];
    size_t n = strlen(t);
    memcpy(line, t, n);
    for (int m = 1 + (int)rnd(4); m > 0 && n > 0; m--) {
      size_t at = rnd((uint32_t)n);
      uint8_t byte = rnd(3) == 0 ? (uint8_t)rnd(256) : (uint8_t)SPECIALS[rnd(sizeof SPECIALS - 1)];
      switch (rnd(4)) {
        case 0: line[at] = byte; break;
        case 1: if (n < sizeof line - 2) { memmove(line + at + 1, line + at, n - at); line[at] = byte; n++; } break;
        case 2: memmove(line + at, line + at + 1, n - at - 1); n--; break;
        default: n = at; /* cut: the line ends anywhere, even inside a token */
      }
    }
    for (size_t k = 0; k < n; k++) if (line[k] == '\n') line[k] = ' ';
    /* Exactly the line and its '\n': nothing readable after the chunk. */
    uint8_t *chunk = malloc(n + 1);
    memcpy(chunk, line, n);
    chunk[n] = '\n';
    uint8_t state[64] = {0};
    int32_t end; double seq; uint8_t flag, hash[32]; int32_t toff;
    job_t j = { chunk, 0, n + 1, 1, state, &end, &seq, &flag, &toff, hash, 0, 0 };
    run_job(&j);
    accepted += j.count == 1 && (flag & F_WELL_FORMED);
    total++;
    free(chunk);
  }
  /* Many lines in one exactly-sized chunk, large enough to be split across threads. */
  size_t big_len = 0, big_cap = 4u << 20;
  uint8_t *big = malloc(big_cap);
  while (big_len + 1024 < big_cap) {
    const char *t = TEMPLATES[rnd(2)];
    size_t n = strlen(t);
    memcpy(big + big_len, t, n);
    if (rnd(5) == 0) big[big_len + rnd((uint32_t)n)] = (uint8_t)SPECIALS[rnd(sizeof SPECIALS - 1)];
    big_len += n;
    big[big_len++] = '\n';
  }
  uint8_t *exact = malloc(big_len);
  memcpy(exact, big, big_len);
  scan_buffer(exact, big_len);
  free(exact);
  free(big);
  printf("{\"lines\":%zu,\"accepted\":%zu}\n", total, accepted);
  return 0;
}
