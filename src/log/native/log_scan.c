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
#include <stdlib.h>
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#include <openssl/sha.h>

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

typedef struct {
  const uint8_t *p, *end;
  int ok;
} cur_t;

typedef struct { const uint8_t *start; size_t len; int seen; int is_string; int has_escape; } val_t;

static inline __attribute__((always_inline)) void ws(cur_t *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n')) c->p++;
}

/* Validates a UTF-8 sequence starting at c->p (first byte >= 0x80); strict (no overlong, no surrogates). */
static int utf8(cur_t *c) {
  const uint8_t *p = c->p;
  size_t left = (size_t)(c->end - p);
  uint8_t b = p[0];
  if (b >= 0xC2 && b <= 0xDF) {
    if (left < 2 || (p[1] & 0xC0) != 0x80) return 0;
    c->p += 2; return 1;
  }
  if (b >= 0xE0 && b <= 0xEF) {
    if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (b == 0xE0 && p[1] < 0xA0) return 0;
    if (b == 0xED && p[1] >= 0xA0) return 0;
    c->p += 3; return 1;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    if (b == 0xF0 && p[1] < 0x90) return 0;
    if (b == 0xF4 && p[1] >= 0x90) return 0;
    c->p += 4; return 1;
  }
  return 0;
}

static int hexd(uint8_t ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'); }

/* 1 for bytes a string can hold without a second look. */
static uint8_t PLAIN[256];
static void init_plain(void) {
  for (int b = 0x20; b < 0x80; b++) PLAIN[b] = b != '"' && b != '\\';
}

/* A JSON string; c->p at the opening quote. Sets *esc when it contains an escape. */
static inline __attribute__((always_inline)) int str(cur_t *c, const uint8_t **s, size_t *n, int *esc) {
  c->p++;
  const uint8_t *start = c->p;
  *esc = 0;
  while (c->p < c->end) {
    /* Skip plain bytes (not '"', '\\', a control character or non-ASCII) four at a time. */
    while (c->end - c->p >= 4 && PLAIN[c->p[0]] & PLAIN[c->p[1]] & PLAIN[c->p[2]] & PLAIN[c->p[3]]) c->p += 4;
    while (c->p < c->end && PLAIN[*c->p]) c->p++;
    if (c->p >= c->end) break;
    uint8_t ch = *c->p;
    if (ch == '"') { *s = start; *n = (size_t)(c->p - start); c->p++; return 1; }
    if (ch < 0x20) return 0;
    if (ch == '\\') {
      *esc = 1;
      if (c->p + 1 >= c->end) return 0;
      uint8_t e = c->p[1];
      if (e == 'u') {
        if (c->end - c->p < 6 || !hexd(c->p[2]) || !hexd(c->p[3]) || !hexd(c->p[4]) || !hexd(c->p[5])) return 0;
        c->p += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        c->p += 2;
      } else return 0;
      continue;
    }
    if (ch >= 0x80) { if (!utf8(c)) return 0; continue; }
    c->p++;
  }
  return 0;
}

static int digit(uint8_t ch) { return ch >= '0' && ch <= '9'; }

/* A JSON number. *plain_int is set when it is 0 or [1-9][0-9]* (no sign, fraction, exponent). */
static int num(cur_t *c, int *plain_int) {
  const uint8_t *start = c->p;
  *plain_int = 1;
  if (c->p < c->end && *c->p == '-') { c->p++; *plain_int = 0; }
  if (c->p >= c->end) return 0;
  if (*c->p == '0') c->p++;
  else if (*c->p >= '1' && *c->p <= '9') { while (c->p < c->end && digit(*c->p)) c->p++; }
  else return 0;
  if (c->p < c->end && *c->p == '.') {
    *plain_int = 0; c->p++;
    if (c->p >= c->end || !digit(*c->p)) return 0;
    while (c->p < c->end && digit(*c->p)) c->p++;
  }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
    *plain_int = 0; c->p++;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
    if (c->p >= c->end || !digit(*c->p)) return 0;
    while (c->p < c->end && digit(*c->p)) c->p++;
  }
  (void)start;
  return 1;
}

static int lit(cur_t *c, const char *w, size_t n) {
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return 0;
  c->p += n; return 1;
}

static int value(cur_t *c, int depth, val_t *out);

static int object(cur_t *c, int depth) {
  c->p++; ws(c);
  if (c->p < c->end && *c->p == '}') { c->p++; return 1; }
  for (;;) {
    if (c->p >= c->end || *c->p != '"') return 0;
    const uint8_t *k; size_t kn; int esc;
    if (!str(c, &k, &kn, &esc)) return 0;
    ws(c);
    if (c->p >= c->end || *c->p != ':') return 0;
    c->p++; ws(c);
    if (!value(c, depth + 1, NULL)) return 0;
    ws(c);
    if (c->p < c->end && *c->p == ',') { c->p++; ws(c); continue; }
    if (c->p < c->end && *c->p == '}') { c->p++; return 1; }
    return 0;
  }
}

static int array(cur_t *c, int depth) {
  c->p++; ws(c);
  if (c->p < c->end && *c->p == ']') { c->p++; return 1; }
  for (;;) {
    if (!value(c, depth + 1, NULL)) return 0;
    ws(c);
    if (c->p < c->end && *c->p == ',') { c->p++; ws(c); continue; }
    if (c->p < c->end && *c->p == ']') { c->p++; return 1; }
    return 0;
  }
}

/* Any JSON value; when out is given, records where a string / plain integer value lies. */
static int value(cur_t *c, int depth, val_t *out) {
  if (depth > MAX_DEPTH || c->p >= c->end) return 0;
  uint8_t ch = *c->p;
  if (out) { out->seen++; out->is_string = 0; out->has_escape = 0; out->start = NULL; out->len = 0; }
  if (ch == '"') {
    const uint8_t *s; size_t n; int esc;
    if (!str(c, &s, &n, &esc)) return 0;
    if (out) { out->is_string = 1; out->has_escape = esc; out->start = s; out->len = n; }
    return 1;
  }
  if (ch == '{') return object(c, depth);
  if (ch == '[') return array(c, depth);
  if (ch == 't') return lit(c, "true", 4);
  if (ch == 'f') return lit(c, "false", 5);
  if (ch == 'n') return lit(c, "null", 4);
  if (ch == '-' || digit(ch)) {
    const uint8_t *s = c->p; int plain;
    if (!num(c, &plain)) return 0;
    if (out && plain) { out->start = s; out->len = (size_t)(c->p - s); }
    return 1;
  }
  return 0;
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

/* Scans the top-level object of one line. Returns 1 when certain and all fields are in form. */
static int scan_record(const uint8_t *p, size_t n, double *seq, const uint8_t **prev, const uint8_t **time, int *checkpoint) {
  cur_t c = { p, p + n, 1 };
  val_t vseq = {0}, vprev = {0}, vtime = {0}, vevent = {0};
  ws(&c);
  if (c.p >= c.end || *c.p != '{') return 0;
  c.p++; ws(&c);
  if (c.p < c.end && *c.p == '}') return 0; /* no fields */
  for (;;) {
    if (c.p >= c.end || *c.p != '"') return 0;
    const uint8_t *k; size_t kn; int esc;
    if (!str(&c, &k, &kn, &esc)) return 0;
    if (esc) return 0; /* an escaped key might spell one of ours: let JSON.parse decide */
    ws(&c);
    if (c.p >= c.end || *c.p != ':') return 0;
    c.p++; ws(&c);
    val_t *slot = NULL;
    if (kn == 3 && memcmp(k, "seq", 3) == 0) slot = &vseq;
    else if (kn == 4 && memcmp(k, "prev", 4) == 0) slot = &vprev;
    else if (kn == 4 && memcmp(k, "time", 4) == 0) slot = &vtime;
    else if (kn == 5 && memcmp(k, "event", 5) == 0) slot = &vevent;
    if (!value(&c, 1, slot)) return 0;
    ws(&c);
    if (c.p < c.end && *c.p == ',') { c.p++; ws(&c); continue; }
    if (c.p < c.end && *c.p == '}') { c.p++; break; }
    return 0;
  }
  ws(&c);
  if (c.p != c.end) return 0;
  if (vseq.seen != 1 || vprev.seen != 1 || vtime.seen != 1 || vevent.seen > 1) return 0;
  /* seq: a plain non-negative integer of at most 15 digits (exact in a double). */
  if (vseq.is_string || !vseq.start || vseq.len > 15) return 0;
  double v = 0;
  for (size_t i = 0; i < vseq.len; i++) v = v * 10 + (vseq.start[i] - '0');
  /* prev: 64 characters here; that they are lowercase hex is checked by the caller, which
     usually knows it already (they equal the previous line's hash). */
  if (!vprev.is_string || vprev.has_escape || vprev.len != 64) return 0;
  if (!vtime.is_string || vtime.has_escape || !canonical_time(vtime.start, vtime.len)) return 0;
  if (vevent.seen == 1) {
    if (!vevent.is_string || vevent.has_escape) {
      if (vevent.is_string) return 0; /* an escaped event string could be "log.checkpoint" */
    }
  }
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

static int hex_eq(const uint8_t *hex, const uint8_t *bin) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    if (hex[2 * i] != (uint8_t)digits[bin[i] >> 4] || hex[2 * i + 1] != (uint8_t)digits[bin[i] & 15]) return 0;
  }
  return 1;
}

#define CHECK(expr) do { if ((expr) != napi_ok) { napi_throw_error(env, NULL, "log_scan: bad arguments"); return NULL; } } while (0)

static int typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
  bool is;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  napi_typedarray_type t; napi_value ab; size_t off;
  if (napi_get_typedarray_info(env, v, &t, len, data, &ab, &off) != napi_ok) return 0;
  if (t != want && !(want == napi_uint8_array && t == napi_uint8_clamped_array)) return 0;
  return 1;
}

/* scan(chunk, start, end, state, ends, seqs, flags, timeOffs, hashes) -> number of lines. */

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
} job_t;

static void run_job(job_t *j) {
  const uint8_t *chunk = j->chunk;
  uint8_t *state = j->state;
  size_t pos = j->pos, end = j->end, count = 0, cap = j->cap;
  while (count < cap && pos < end) {
    const uint8_t *nl = memchr(chunk + pos, '\n', end - pos);
    if (!nl) break;
    size_t line_end = (size_t)(nl - chunk);
    const uint8_t *line = chunk + pos;
    size_t n = line_end - pos;
    uint8_t *h = j->hashes + 32 * count;
    /* The low-level calls: SHA256() in OpenSSL 3 fetches the algorithm on every call (~1 µs). */
    SHA256_CTX sha;
    SHA256_Init(&sha);
    SHA256_Update(&sha, line, n);
    SHA256_Final(h, &sha);
    double seq = -1; const uint8_t *prev = NULL, *time = NULL; int cp = 0;
    uint8_t f = 0;
    int linked = 0;
    if (n <= MAX_LINE_BYTES && scan_record(line, n, &seq, &prev, &time, &cp) &&
        ((linked = state[ST_PREV_KNOWN] && hex_eq(prev, state + ST_PREV)) || lower_hex64(prev))) {
      f |= F_WELL_FORMED;
      if (linked) f |= F_LINKED;
      uint8_t ts = state[ST_TIME_STATE];
      if (ts == 0 || (ts == 1 && memcmp(time, state + ST_LAST_TIME, TIME_LEN) >= 0)) f |= F_IN_TIME;
      if (cp) f |= F_CHECKPOINT;
      memcpy(state + ST_LAST_TIME, time, TIME_LEN);
      state[ST_TIME_STATE] = 1;
      j->toffs[count] = (int32_t)(time - chunk);
    } else {
      state[ST_TIME_STATE] = 2; /* the verifier decides this line's time; ours is no longer certain */
      j->toffs[count] = -1;
      seq = -1;
    }
    memcpy(state + ST_PREV, h, 32);
    state[ST_PREV_KNOWN] = 1;
    j->ends[count] = (int32_t)line_end;
    j->seqs[count] = seq;
    j->flags[count] = f;
    count++;
    pos = line_end + 1;
  }
  j->count = count;
}

static void *run_job_thread(void *p) {
  run_job((job_t *)p);
  return NULL;
}

/* Below this many bytes a second thread costs more than it saves. */
#define SPLIT_MIN_BYTES (256 * 1024)

/*
 * Scans a range on two threads: the second half starts with nothing known about the line before
 * it (no previous hash, time state "unknown"), so its first line is never LINKED or IN_TIME and
 * the verifier checks that one line itself (JSON.parse) — results are the same as one thread's.
 * When the first half fills the output arrays, the second half's work is dropped (the caller
 * comes back for the rest), so the state always describes the last line returned.
 */
static size_t scan_split(job_t *a) {
  static int split_enabled = -1; /* RSSP_AUDIT_LOG_SPLIT=0 keeps the scan on one thread (single-core figures) */
  if (split_enabled < 0) { const char *v = getenv("RSSP_AUDIT_LOG_SPLIT"); split_enabled = !(v && strcmp(v, "0") == 0); }
  if (!split_enabled || a->end - a->pos < SPLIT_MIN_BYTES) { run_job(a); return a->count; }
  const uint8_t *mid = memchr(a->chunk + a->pos + (a->end - a->pos) / 2, '\n', a->end - (a->pos + (a->end - a->pos) / 2));
  if (!mid || (size_t)(mid - a->chunk) + 1 >= a->end) { run_job(a); return a->count; }
  size_t split = (size_t)(mid - a->chunk) + 1;
  size_t cap_b = a->cap;
  uint8_t state_b[STATE_BYTES];
  memset(state_b, 0, sizeof state_b);
  state_b[ST_TIME_STATE] = 2;
  job_t b = { a->chunk, split, a->end, cap_b, state_b,
              malloc(cap_b * sizeof(int32_t)), malloc(cap_b * sizeof(double)), malloc(cap_b), malloc(cap_b * sizeof(int32_t)), malloc(cap_b * 32), 0 };
  if (!b.ends || !b.seqs || !b.flags || !b.toffs || !b.hashes) {
    free(b.ends); free(b.seqs); free(b.flags); free(b.toffs); free(b.hashes);
    run_job(a);
    return a->count;
  }
  pthread_t thread;
  int threaded = pthread_create(&thread, NULL, run_job_thread, &b) == 0;
  a->end = split;
  run_job(a);
  if (threaded) pthread_join(thread, NULL); else run_job(&b);
  size_t count = a->count;
  int a_done = count == 0 ? split == a->pos : (size_t)a->ends[count - 1] + 1 == split;
  if (a_done && count + b.count <= a->cap) {
    memcpy(a->ends + count, b.ends, b.count * sizeof(int32_t));
    memcpy(a->seqs + count, b.seqs, b.count * sizeof(double));
    memcpy(a->flags + count, b.flags, b.count);
    memcpy(a->toffs + count, b.toffs, b.count * sizeof(int32_t));
    memcpy(a->hashes + 32 * count, b.hashes, b.count * 32);
    if (b.count > 0) memcpy(a->state, state_b, STATE_BYTES);
    count += b.count;
  }
  free(b.ends); free(b.seqs); free(b.flags); free(b.toffs); free(b.hashes);
  return count;
}

static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value a[9];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 9) { napi_throw_error(env, NULL, "log_scan: 9 arguments expected"); return NULL; }
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
    return NULL;
  }
  size_t cap = ends_len;
  if (seqs_len < cap || flags_len < cap || toffs_len < cap || hashes_len / 32 < cap || state_len < ST_LAST_TIME + TIME_LEN ||
      start64 < 0 || end64 < start64 || (uint64_t)end64 > chunk_len) {
    napi_throw_range_error(env, NULL, "log_scan: buffers too small or range outside the chunk");
    return NULL;
  }
  job_t job = { chunk, (size_t)start64, (size_t)end64, cap, state, ends, seqs, flags, toffs, hashes, 0 };
  size_t count = scan_split(&job);
  napi_value result;
  CHECK(napi_create_uint32(env, (uint32_t)count, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  init_plain();
  napi_value fn;
  if (napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "scan", fn) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
