/*
 * log_scan: the hot loop of the audit-log verifier, in C (see ../line-facts.ts for the contract
 * and the pure-JS twin). For each complete line of a chunk it computes SHA-256 of the line's
 * exact bytes and, when it is *certain* the line is a JSON object with top-level seq / prev / time
 * in the documented form, extracts them. Whenever it is not certain (escapes in a key, non-ASCII
 * it cannot validate, duplicate keys, numbers like 1.0, deep nesting...) it leaves the line
 * unflagged and the JavaScript verifier parses it with JSON.parse, which stays the authority.
 * So this file may be conservative, never optimistic. Every byte here is attacker-controlled.
 *
 * SHA-256 comes from the OpenSSL that Node itself links (symbols resolved from the node binary).
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <pthread.h>
#include <unistd.h>
#include <stdlib.h>
#ifndef LOG_SCAN_STANDALONE /* a C harness (fuzzing, profiling) includes this file without N-API */
#include <node_api.h>
#endif
#include <stdint.h>
#include <string.h>
#include <openssl/sha.h>
#include "sha256_pair.h"
#include "sha256_x16.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define F_WELL_FORMED 1
#define F_LINKED 2
#define F_IN_TIME 4
#define F_CHECKPOINT 8

#define ST_PREV 0
#define ST_PREV_KNOWN 32
#define ST_TIME_STATE 33
#define ST_LAST_TIME 34
#define STATE_BYTES (ST_LAST_TIME + TIME_LEN)
#define TIME_LEN 24
#define MAX_DEPTH 32
#define MAX_LINE_BYTES (1u << 20) /* same as MAX_LINE_BYTES in format.ts */

/*
 * How a line is read: the scanner starts at the line's first byte, not knowing where it ends; the
 * scanned range [pos, limit) ends with '\n' (job_from_args trims it so). The line's '\n' stops
 * every loop below without a bounds check: '\n' matches no token and is a control character
 * inside strings. `limit` bounds the 16-byte loads and the multi-byte reads (literals, UTF-8),
 * which may look past the line but never past the range.
 */

/* JSON whitespace within a line ('\n' cannot occur: it ends the line). */
#define SKIP_WS(p) while (*(p) == ' ' || *(p) == '\t' || *(p) == '\r') (p)++

typedef struct { const uint8_t *start; size_t len; int seen; int is_string; int has_escape; } val_t;

/* Validates a UTF-8 sequence at p (first byte >= 0x80); strict (no overlong, no surrogates). Returns the next byte or NULL. */
static const uint8_t *utf8(const uint8_t *p, const uint8_t *end) {
  size_t left = (size_t)(end - p);
  uint8_t b = p[0];
  if (b >= 0xC2 && b <= 0xDF) {
    if (left < 2 || (p[1] & 0xC0) != 0x80) return NULL;
    return p + 2;
  }
  if (b >= 0xE0 && b <= 0xEF) {
    if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return NULL;
    if (b == 0xE0 && p[1] < 0xA0) return NULL;
    if (b == 0xED && p[1] >= 0xA0) return NULL;
    return p + 3;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return NULL;
    if (b == 0xF0 && p[1] < 0x90) return NULL;
    if (b == 0xF4 && p[1] >= 0x90) return NULL;
    return p + 4;
  }
  return NULL;
}

static int hexd(uint8_t ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'); }
static int digit(uint8_t ch) { return ch >= '0' && ch <= '9'; }

/* 1 for bytes a string can hold without a second look. */
static uint8_t PLAIN[256];
static void init_plain(void) {
  for (int b = 0x20; b < 0x80; b++) PLAIN[b] = b != '"' && b != '\\';
}

/*
 * Skips plain bytes (not '"', '\\', a control character or non-ASCII): 16 at a time with SSE2
 * (baseline on x86-64; one signed compare "< 0x20" catches control bytes and bytes >= 0x80
 * alike), then one at a time through the table up to the next stop byte (at the latest the '\n').
 */
static inline __attribute__((always_inline)) const uint8_t *skip_plain(const uint8_t *p, const uint8_t *limit) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (limit - p >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
    int mask = _mm_movemask_epi8(stop);
    if (mask) return p + __builtin_ctz((unsigned)mask);
    p += 16;
  }
#else
  (void)limit;
#endif
  while (PLAIN[*p]) p++;
  return p;
}

/* The closing quote of the string whose characters start at p, or NULL when the string is not valid JSON. Sets *esc when it has escapes. */
static inline __attribute__((always_inline)) const uint8_t *string_end(const uint8_t *p, const uint8_t *limit, int *esc) {
  *esc = 0;
  for (;;) {
    p = skip_plain(p, limit);
    uint8_t ch = *p;
    if (ch == '"') return p;
    if (ch == '\\') {
      *esc = 1;
      uint8_t e = p[1];
      if (e == 'u') {
        if (!hexd(p[2]) || !hexd(p[3]) || !hexd(p[4]) || !hexd(p[5])) return NULL;
        p += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        p += 2;
      } else return NULL;
    } else if (ch >= 0x80) {
      if (!(p = utf8(p, limit))) return NULL;
    } else return NULL; /* a control character, or the line's end */
  }
}

/* A JSON number at p; returns the byte after it or NULL. *plain_int: 0 or [1-9][0-9]* (no sign, fraction, exponent). */
static inline const uint8_t *number(const uint8_t *p, int *plain_int) {
  *plain_int = 1;
  if (*p == '-') { p++; *plain_int = 0; }
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') { do p++; while (digit(*p)); }
  else return NULL;
  if (*p == '.') {
    *plain_int = 0; p++;
    if (!digit(*p)) return NULL;
    do p++; while (digit(*p));
  }
  if (*p == 'e' || *p == 'E') {
    *plain_int = 0; p++;
    if (*p == '+' || *p == '-') p++;
    if (!digit(*p)) return NULL;
    do p++; while (digit(*p));
  }
  return p;
}

static int canonical_time(const uint8_t *t, size_t n) {
  /* YYYY-MM-DDTHH:MM:SS.sssZ, with plausible ranges (same rule as isCanonicalTime in format.ts). */
  if (n != TIME_LEN) return 0;
  static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
  for (size_t i = 0; i < TIME_LEN; i++) {
    if (shape[i] == 'd') { if (!digit(t[i])) return 0; }
    else if (t[i] != (uint8_t)shape[i]) return 0;
  }
#define D2(i) ((t[i] - '0') * 10 + (t[(i) + 1] - '0'))
  int mo = D2(5), d = D2(8), h = D2(11), mi = D2(14), s = D2(17);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
#undef D2
}

/*
 * Validates the line starting at p as one JSON object, in a single pass with an explicit stack
 * (no recursion, the cursor in a register), finds its '\n' on the way (*nl), and notes where the
 * top-level seq / prev / time / event values lie. Returns 1 when certain and all fields are in
 * form; on 0, *nl is not set and the caller looks for the line's end itself. Nothing here steps
 * over a '\n' (whitespace, strings, numbers and literals all stop at it), and [p, limit) ends
 * with one, so no read passes `limit`.
 */
static int scan_record(const uint8_t *p, const uint8_t *limit, double *seq, const uint8_t **prev, const uint8_t **time, int *checkpoint, const uint8_t **nl) {
  uint8_t stack[MAX_DEPTH + 1]; /* '{' or '[' for each open container; [1] is the record */
  int depth = 0, esc, plain;
  const uint8_t *q;
  val_t vseq = {0}, vprev = {0}, vtime = {0}, vevent = {0};
  val_t *slot = NULL;
  SKIP_WS(p);
  if (*p != '{') return 0;
  p++;
  SKIP_WS(p);
  if (*p == '}') return 0; /* no fields */
  stack[++depth] = '{';

key: /* p at a member's key */
  if (*p != '"') return 0;
  if (!(q = string_end(p + 1, limit, &esc))) return 0;
  slot = NULL;
  if (depth == 1) {
    if (esc) return 0; /* an escaped key might spell one of ours: let JSON.parse decide */
    const uint8_t *k = p + 1;
    size_t kn = (size_t)(q - k);
    if (kn == 3 && memcmp(k, "seq", 3) == 0) slot = &vseq;
    else if (kn == 4 && memcmp(k, "prev", 4) == 0) slot = &vprev;
    else if (kn == 4 && memcmp(k, "time", 4) == 0) slot = &vtime;
    else if (kn == 5 && memcmp(k, "event", 5) == 0) slot = &vevent;
  }
  p = q + 1;
  SKIP_WS(p);
  if (*p != ':') return 0;
  p++;
  SKIP_WS(p);

value: /* p at a value; slot says where a top-level field's value is recorded */
  if (slot) { slot->seen++; slot->is_string = 0; slot->has_escape = 0; slot->start = NULL; slot->len = 0; }
  switch (*p) {
    case '"':
      if (!(q = string_end(p + 1, limit, &esc))) return 0;
      if (slot) { slot->is_string = 1; slot->has_escape = esc; slot->start = p + 1; slot->len = (size_t)(q - p - 1); }
      p = q + 1;
      break;
    case '{':
    case '[': {
      uint8_t open = *p;
      if (depth >= MAX_DEPTH) return 0;
      p++;
      SKIP_WS(p);
      if (*p == (open == '{' ? '}' : ']')) { p++; break; }
      stack[++depth] = open;
      slot = NULL;
      if (open == '{') goto key;
      goto value;
    }
    case 't': if (limit - p < 4 || memcmp(p, "true", 4) != 0) return 0; p += 4; break;
    case 'f': if (limit - p < 5 || memcmp(p, "false", 5) != 0) return 0; p += 5; break;
    case 'n': if (limit - p < 4 || memcmp(p, "null", 4) != 0) return 0; p += 4; break;
    default:
      if (!(q = number(p, &plain))) return 0;
      if (slot && plain) { slot->start = p; slot->len = (size_t)(q - p); }
      p = q;
  }
  slot = NULL;

after: /* p after a value: a comma or the close of the container */
  SKIP_WS(p);
  if (*p == ',') {
    p++;
    SKIP_WS(p);
    if (stack[depth] == '{') goto key;
    goto value;
  }
  if (*p != (stack[depth] == '{' ? '}' : ']')) return 0;
  p++;
  if (--depth > 0) goto after;

  SKIP_WS(p);
  if (*p != '\n') return 0;
  *nl = p;
  if (vseq.seen != 1 || vprev.seen != 1 || vtime.seen != 1 || vevent.seen > 1) return 0;
  /* seq: a plain non-negative integer of at most 15 digits (exact in a double). */
  if (vseq.is_string || !vseq.start || vseq.len > 15) return 0;
  double v = 0;
  for (size_t i = 0; i < vseq.len; i++) v = v * 10 + (vseq.start[i] - '0');
  /* prev: 64 characters here; that they are lowercase hex is checked by the caller, which
     usually knows it already (they equal the previous line's hash). */
  if (!vprev.is_string || vprev.has_escape || vprev.len != 64) return 0;
  if (!vtime.is_string || vtime.has_escape || !canonical_time(vtime.start, vtime.len)) return 0;
  if (vevent.seen == 1 && vevent.is_string && vevent.has_escape) return 0; /* an escaped event string could be "log.checkpoint" */
  *checkpoint = vevent.seen == 1 && vevent.is_string && vevent.len == 14 && memcmp(vevent.start, "log.checkpoint", 14) == 0;
  *seq = v;
  *prev = vprev.start;
  *time = vtime.start;
  return 1;
}

static int lower_hex64(const uint8_t *p) {
  for (size_t i = 0; i < 64; i++) {
    uint8_t ch = p[i];
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return 0;
  }
  return 1;
}

/* 1 when `hex` (64 characters) is the lowercase hex spelling of `bin` (32 bytes). */
static inline int hex_eq(const uint8_t *hex, const uint8_t *bin) {
#if defined(__SSE2__)
  const __m128i low4 = _mm_set1_epi8(0x0f), nine = _mm_set1_epi8(9), zero = _mm_set1_epi8('0'), gap = _mm_set1_epi8('a' - '0' - 10);
  int same = 0xFFFF;
  for (int i = 0; i < 2; i++) {
    __m128i b = _mm_loadu_si128((const __m128i *)(bin + 16 * i));
    __m128i hi = _mm_and_si128(_mm_srli_epi16(b, 4), low4), lo = _mm_and_si128(b, low4);
    __m128i n0 = _mm_unpacklo_epi8(hi, lo), n1 = _mm_unpackhi_epi8(hi, lo);
    __m128i c0 = _mm_add_epi8(_mm_add_epi8(n0, zero), _mm_and_si128(_mm_cmpgt_epi8(n0, nine), gap));
    __m128i c1 = _mm_add_epi8(_mm_add_epi8(n1, zero), _mm_and_si128(_mm_cmpgt_epi8(n1, nine), gap));
    same &= _mm_movemask_epi8(_mm_cmpeq_epi8(c0, _mm_loadu_si128((const __m128i *)(hex + 32 * i))));
    same &= _mm_movemask_epi8(_mm_cmpeq_epi8(c1, _mm_loadu_si128((const __m128i *)(hex + 32 * i + 16))));
  }
  return same == 0xFFFF;
#else
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    if (hex[2 * i] != (uint8_t)digits[bin[i] >> 4] || hex[2 * i + 1] != (uint8_t)digits[bin[i] & 15]) return 0;
  }
  return 1;
#endif
}

/* One scanner run over [pos, end) of a chunk, writing at most `cap` lines into the arrays. */
typedef struct {
  const uint8_t *chunk;
  size_t pos, end, cap;
  uint8_t *state;
  int32_t *ends;
  double *seqs;
  uint8_t *flags;
  int32_t *toffs;
  uint8_t *hashes;
  size_t count;
  size_t max_parts; /* threads this range may be split over; 0: scan_threads() */
} job_t;

/*
 * How lines are hashed, chosen once at load from what the CPU has: sixteen at a time with
 * AVX-512 (sha256_x16.c), two at a time with the SHA extensions (sha256_pair.c), else one at a
 * time with OpenSSL. RSSP_AUDIT_LOG_HASH=x16|pair|openssl picks one (tests compare them).
 */
typedef enum { HASH_OPENSSL = 1, HASH_PAIR = 2, HASH_X16 = SHA256_X16_LANES } hash_way_t;
static hash_way_t hash_way = HASH_OPENSSL;

static hash_way_t pick_hash_way(void) {
  const char *v = getenv("RSSP_AUDIT_LOG_HASH");
  int x16 = sha256_x16_available(), pair = sha256_pair_available();
  if (v && strcmp(v, "openssl") == 0) return HASH_OPENSSL;
  if (v && strcmp(v, "pair") == 0) return pair ? HASH_PAIR : HASH_OPENSSL;
  if (v && strcmp(v, "x16") == 0) return x16 ? HASH_X16 : HASH_OPENSSL;
  return x16 ? HASH_X16 : pair ? HASH_PAIR : HASH_OPENSSL;
}

/* SHA-256 of one line with OpenSSL. The low-level calls: SHA256() in OpenSSL 3 fetches the algorithm on every call (~1 µs). */
static void hash_line(const uint8_t *line, size_t n, uint8_t *out) {
  SHA256_CTX sha;
  SHA256_Init(&sha);
  SHA256_Update(&sha, line, n);
  SHA256_Final(out, &sha);
}

/* Hashes lines [i, i + n) of the job; line i starts at pos, each ends at ends[]. */
static void hash_group(job_t *j, size_t i, size_t n, size_t pos) {
  const uint8_t *msgs[SHA256_X16_LANES];
  size_t lens[SHA256_X16_LANES];
  uint8_t *outs[SHA256_X16_LANES];
  for (size_t k = 0; k < n; k++) {
    size_t end = (size_t)j->ends[i + k];
    msgs[k] = j->chunk + pos;
    lens[k] = end - pos;
    outs[k] = j->hashes + 32 * (i + k);
    pos = end + 1;
  }
  if (hash_way == HASH_X16) sha256_x16(msgs, lens, outs, (int)n);
  else if (hash_way == HASH_PAIR && n == 2) sha256_pair(msgs[0], lens[0], outs[0], msgs[1], lens[1], outs[1]);
  else for (size_t k = 0; k < n; k++) hash_line(msgs[k], lens[k], outs[k]);
}

/* What validating a line found, kept until its group is hashed. */
typedef struct {
  double seq;
  const uint8_t *prev, *time;
  int ok, checkpoint;
} scanned_t;

/* Finds line `i`'s end (from `pos`) while validating it; fills ends[i] and *out. Returns the byte after its '\n'. */
static size_t scan_line(job_t *j, size_t i, size_t pos, scanned_t *out) {
  const uint8_t *chunk = j->chunk, *line = chunk + pos, *limit = chunk + j->end, *nl = NULL;
  out->seq = -1;
  out->checkpoint = 0;
  out->ok = scan_record(line, limit, &out->seq, &out->prev, &out->time, &out->checkpoint, &nl);
  if (!out->ok) nl = memchr(line, '\n', (size_t)(limit - line)); /* a piece always ends with '\n' */
  else if ((size_t)(nl - line) > MAX_LINE_BYTES) out->ok = 0; /* the verifier reports it as too long */
  j->ends[i] = (int32_t)(nl - chunk);
  return (size_t)(nl - chunk) + 1;
}

/* Judges line `i`, validated into *s and hashed, against the line before it (in `state`), and moves the state on to it. */
static void judge_line(job_t *j, size_t i, const scanned_t *s) {
  uint8_t *state = j->state;
  uint8_t f = 0;
  int linked = 0;
  if (s->ok && ((linked = state[ST_PREV_KNOWN] && hex_eq(s->prev, state + ST_PREV)) || lower_hex64(s->prev))) {
    f |= F_WELL_FORMED;
    if (linked) f |= F_LINKED;
    uint8_t ts = state[ST_TIME_STATE];
    if (ts == 0 || (ts == 1 && memcmp(s->time, state + ST_LAST_TIME, TIME_LEN) >= 0)) f |= F_IN_TIME;
    if (s->checkpoint) f |= F_CHECKPOINT;
    memcpy(state + ST_LAST_TIME, s->time, TIME_LEN);
    state[ST_TIME_STATE] = 1;
    j->toffs[i] = (int32_t)(s->time - j->chunk);
    j->seqs[i] = s->seq;
  } else {
    state[ST_TIME_STATE] = 2; /* the verifier decides this line's time; ours is no longer certain */
    j->toffs[i] = -1;
    j->seqs[i] = -1;
  }
  memcpy(state + ST_PREV, j->hashes + 32 * i, 32);
  state[ST_PREV_KNOWN] = 1;
  j->flags[i] = f;
}

/*
 * Scans the job's lines in order, a group at a time (as many as the CPU hashes together):
 * validate each line, which finds its end; hash the group; then judge each line against the one
 * before it, while the group is still in cache.
 */
static void run_job(job_t *j) {
  size_t pos = j->pos, end = j->end, count = 0, cap = j->cap;
  scanned_t group[SHA256_X16_LANES];
  while (count < cap && pos < end) {
    size_t n = 0, at = pos;
    while (n < (size_t)hash_way && count + n < cap && at < end) {
      at = scan_line(j, count + n, at, &group[n]);
      n++;
    }
    hash_group(j, count, n, pos);
    for (size_t k = 0; k < n; k++) judge_line(j, count + k, &group[k]);
    pos = at;
    count += n;
  }
  j->count = count;
}

static void *run_job_thread(void *p) {
  run_job((job_t *)p);
  return NULL;
}

/* Below this many bytes per thread, another thread costs more than it saves. */
#define PART_MIN_BYTES (128 * 1024)
#define MAX_THREADS 8

/*
 * Threads a large range is scanned on: one per online CPU, at most 8. RSSP_AUDIT_LOG_THREADS=N
 * (1..8) sets it: 1 gives the single-core benchmark figure, more than the CPUs lets tests drive
 * many parts on a small machine.
 */
static int scan_threads(void) {
  static int threads = 0;
  if (threads == 0) {
    const char *v = getenv("RSSP_AUDIT_LOG_THREADS");
    char *rest = NULL;
    long n = v ? strtol(v, &rest, 10) : 0;
    if (!v || rest == v) n = sysconf(_SC_NPROCESSORS_ONLN);
    threads = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
  }
  return threads;
}

/*
 * Scans a range on several threads, split at line ends near equal byte offsets. Every part but
 * the first starts with nothing known about the line before it (no previous hash, time state
 * "unknown"), so its first line is never LINKED or IN_TIME and the verifier checks that one line
 * itself (JSON.parse) — results are the same as one thread's. Part i writes into its own slice
 * of the caller's arrays (no allocation); the parts' lines then move down behind each other.
 * A part stops when its slice is full (lines shorter than range / capacity); then the parts
 * after it are dropped and fewer lines are returned: the caller comes back for the rest, and
 * the state always describes the last line returned.
 */
static size_t scan_parts(job_t *all) {
  size_t bytes = all->end - all->pos;
  size_t parts = all->max_parts ? all->max_parts : (size_t)scan_threads();
  if (parts > MAX_THREADS) parts = MAX_THREADS;
  if (parts > bytes / PART_MIN_BYTES) parts = bytes / PART_MIN_BYTES;
  if (parts > all->cap) parts = all->cap;
  if (parts < 2) { run_job(all); return all->count; }
  job_t job[MAX_THREADS];
  uint8_t states[MAX_THREADS][STATE_BYTES];
  size_t slice = all->cap / parts, from = all->pos;
  for (size_t i = 0; i < parts; i++) {
    size_t to = all->end;
    if (i + 1 < parts) {
      const uint8_t *nl = memchr(all->chunk + all->pos + bytes / parts * (i + 1), '\n', all->end - (all->pos + bytes / parts * (i + 1)));
      to = nl ? (size_t)(nl - all->chunk) + 1 : all->end;
      if (to < from) to = from;
    }
    uint8_t *state = all->state;
    if (i > 0) {
      state = states[i];
      memset(state, 0, STATE_BYTES);
      state[ST_TIME_STATE] = 2;
    }
    job[i] = (job_t){ all->chunk, from, to, i + 1 < parts ? slice : all->cap - slice * i, state,
                      all->ends + slice * i, all->seqs + slice * i, all->flags + slice * i, all->toffs + slice * i, all->hashes + 32 * slice * i, 0, 1 };
    from = to;
  }
  pthread_t thread[MAX_THREADS];
  int started[MAX_THREADS] = {0};
  for (size_t i = 1; i < parts; i++) started[i] = pthread_create(&thread[i], NULL, run_job_thread, &job[i]) == 0;
  run_job(&job[0]);
  for (size_t i = 1; i < parts; i++) {
    if (started[i]) pthread_join(thread[i], NULL);
    else run_job(&job[i]);
  }
  size_t count = job[0].count;
  for (size_t i = 1; i < parts; i++) {
    const job_t *before = &job[i - 1], *p = &job[i];
    size_t reached = before->count == 0 ? before->pos : (size_t)before->ends[before->count - 1] + 1;
    if (reached != before->end) break; /* the part before stopped early: drop this one and the rest */
    if (p->count == 0) continue;
    memmove(all->ends + count, p->ends, p->count * sizeof(int32_t));
    memmove(all->seqs + count, p->seqs, p->count * sizeof(double));
    memmove(all->flags + count, p->flags, p->count);
    memmove(all->toffs + count, p->toffs, p->count * sizeof(int32_t));
    memmove(all->hashes + 32 * count, p->hashes, p->count * 32);
    memcpy(all->state, p->state, STATE_BYTES);
    count += p->count;
  }
  return count;
}

#ifndef LOG_SCAN_STANDALONE
#define CHECK(expr) do { if ((expr) != napi_ok) { napi_throw_error(env, NULL, "log_scan: bad arguments"); return NULL; } } while (0)

static int typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
  bool is;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  napi_typedarray_type t; napi_value ab; size_t off;
  if (napi_get_typedarray_info(env, v, &t, len, data, &ab, &off) != napi_ok) return 0;
  if (t != want && !(want == napi_uint8_array && t == napi_uint8_clamped_array)) return 0;
  return 1;
}

/* Reads scan()'s nine arguments into a job; throws and returns 0 when they are not as documented. */
/* The job arguments: chunk, start, end, state, ends, seqs, flags, timeOffs, hashes[, parts]. */
static int job_from_args(napi_env env, const napi_value *a, size_t argc, job_t *job) {
  uint8_t *chunk, *state, *flags, *hashes; int32_t *ends, *toffs; double *seqs;
  size_t chunk_len, state_len, ends_len, seqs_len, flags_len, toffs_len, hashes_len;
  int64_t start64, end64;
  if (!typed(env, a[0], napi_uint8_array, (void **)&chunk, &chunk_len) ||
      !typed(env, a[3], napi_uint8_array, (void **)&state, &state_len) ||
      !typed(env, a[4], napi_int32_array, (void **)&ends, &ends_len) ||
      !typed(env, a[5], napi_float64_array, (void **)&seqs, &seqs_len) ||
      !typed(env, a[6], napi_uint8_array, (void **)&flags, &flags_len) ||
      !typed(env, a[7], napi_int32_array, (void **)&toffs, &toffs_len) ||
      !typed(env, a[8], napi_uint8_array, (void **)&hashes, &hashes_len) ||
      napi_get_value_int64(env, a[1], &start64) != napi_ok || napi_get_value_int64(env, a[2], &end64) != napi_ok) {
    napi_throw_type_error(env, NULL, "log_scan: bad argument types");
    return 0;
  }
  size_t cap = ends_len;
  if (seqs_len < cap || flags_len < cap || toffs_len < cap || hashes_len / 32 < cap || state_len < ST_LAST_TIME + TIME_LEN ||
      start64 < 0 || end64 < start64 || (uint64_t)end64 > chunk_len || chunk_len > INT32_MAX) {
    napi_throw_range_error(env, NULL, "log_scan: buffers too small or range outside the chunk");
    return 0;
  }
  /* Only whole lines are scanned, and the scanner relies on the range ending with '\n': stop after the last one. */
  size_t end = (size_t)end64;
  while (end > (size_t)start64 && chunk[end - 1] != '\n') end--;
  uint32_t parts = 0;
  napi_valuetype type;
  if (argc > 9 && (napi_typeof(env, a[9], &type) != napi_ok || (type != napi_undefined && napi_get_value_uint32(env, a[9], &parts) != napi_ok))) {
    napi_throw_type_error(env, NULL, "log_scan: parts must be a number");
    return 0;
  }
  *job = (job_t){ chunk, (size_t)start64, end, cap, state, ends, seqs, flags, toffs, hashes, 0, parts };
  return 1;
}

/* scan(chunk, start, end, state, ends, seqs, flags, timeOffs, hashes[, parts]) -> number of lines. */
static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value a[10];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 9) { napi_throw_error(env, NULL, "log_scan: 9 or 10 arguments expected"); return NULL; }
  job_t job;
  if (!job_from_args(env, a, argc, &job)) return NULL;
  size_t count = scan_parts(&job);
  napi_value result;
  CHECK(napi_create_uint32(env, (uint32_t)count, &result));
  return result;
}

/*
 * scanAsync(...same arguments) -> Promise<number of lines>: the same scan on libuv's thread
 * pool, so the main thread can verify the previous chunk meanwhile. The arrays are held by
 * references until the promise settles; the caller must not touch them before that.
 */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref held[7];
  job_t job;
  size_t count;
} async_scan_t;

static void async_execute(napi_env env, void *data) {
  (void)env;
  async_scan_t *s = data;
  s->count = scan_parts(&s->job);
}

static void async_complete(napi_env env, napi_status status, void *data) {
  async_scan_t *s = data;
  napi_value result;
  if (status == napi_ok && napi_create_uint32(env, (uint32_t)s->count, &result) == napi_ok) {
    napi_resolve_deferred(env, s->deferred, result);
  } else {
    napi_value message, error;
    napi_create_string_utf8(env, "log_scan: the scan was cancelled", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &error);
    napi_reject_deferred(env, s->deferred, error);
  }
  for (int i = 0; i < 7; i++) napi_delete_reference(env, s->held[i]);
  napi_delete_async_work(env, s->work);
  free(s);
}

static napi_value scan_async(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value a[10];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 9) { napi_throw_error(env, NULL, "log_scan: 9 or 10 arguments expected"); return NULL; }
  async_scan_t *s = calloc(1, sizeof *s);
  if (!s) { napi_throw_error(env, NULL, "log_scan: out of memory"); return NULL; }
  if (!job_from_args(env, a, argc, &s->job)) { free(s); return NULL; }
  static const int arrays[7] = { 0, 3, 4, 5, 6, 7, 8 };
  napi_value promise, name;
  int ok = 1;
  for (int i = 0; i < 7 && ok; i++) ok = napi_create_reference(env, a[arrays[i]], 1, &s->held[i]) == napi_ok;
  ok = ok && napi_create_promise(env, &s->deferred, &promise) == napi_ok &&
       napi_create_string_utf8(env, "log_scan", NAPI_AUTO_LENGTH, &name) == napi_ok &&
       napi_create_async_work(env, NULL, name, async_execute, async_complete, s, &s->work) == napi_ok &&
       napi_queue_async_work(env, s->work) == napi_ok;
  if (!ok) { napi_throw_error(env, NULL, "log_scan: cannot start the scan"); return NULL; } /* leaks s: only when N-API itself fails */
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  init_plain();
  hash_way = pick_hash_way();
  napi_value fn, fn_async;
  if (napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "scan", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "scanAsync", NAPI_AUTO_LENGTH, scan_async, NULL, &fn_async) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "scanAsync", fn_async) != napi_ok) return NULL;
  napi_value threads;
  if (napi_create_uint32(env, (uint32_t)scan_threads(), &threads) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "scanThreads", threads) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
#endif
