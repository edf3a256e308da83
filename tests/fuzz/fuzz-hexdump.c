/*
 * fuzz-hexdump.c -- the canonical formatter (hexdump.h) against a plain
 * reference of `hexdump -C -s START`: lines of 16 bytes as
 * "%08llx  " + 8 x "%02x " + " " + 8 x "%02x " + " |" + text + "|\n",
 * the hex field padded on a short last line, the text field not; a line
 * equal to the one before it becomes "*" once (never the short last line)
 * unless verbose; then the end offset on its own line, unless it is 0.
 *
 * The input: a flags byte (verbose, where the start offset lies), eight
 * bytes of start offset, a byte choosing how the lines are split across
 * calls, then the data.  Every line formatter this CPU runs (scalar, SSSE3,
 * AVX2) formats the same input in turn, each checked against the
 * reference.  Output buffers are exactly HEXDUMP_BOUND long, so that
 * AddressSanitizer catches a formatter writing past its bound.
 */
#include "config.h"

#include <inttypes.h>

#include "fuzz.h"
#include "hexdump.h"

struct text {
	char *p;
	size_t len, cap;
};

static void
text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		if ((t->p = realloc(t->p, t->cap)) == NULL)
			abort();
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void
ref_line(struct text *t, uint64_t addr, const unsigned char *b, size_t n)
{
	char buf[128];
	int k = snprintf(buf, sizeof buf, "%08" PRIx64 "  ", addr);

	for (size_t i = 0; i < 16; i++) {
		if (i < n)
			k += snprintf(buf + k, sizeof buf - k, "%02x ", b[i]);
		else
			k += snprintf(buf + k, sizeof buf - k, "   ");
		if (i == 7)
			buf[k++] = ' ';
	}
	buf[k++] = ' ';
	buf[k++] = '|';
	for (size_t i = 0; i < n; i++)
		buf[k++] = b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '.';
	buf[k++] = '|';
	buf[k++] = '\n';
	text_add(t, buf, (size_t)k);
}

static void
ref_hexdump(struct text *t, uint64_t start, bool verbose,
    const unsigned char *b, size_t n)
{
	const unsigned char *prev = NULL;
	bool starred = false;
	uint64_t addr = start;
	size_t i;
	char end[32];

	for (i = 0; i + 16 <= n; i += 16, addr += 16) {
		if (!verbose && prev != NULL && memcmp(prev, b + i, 16) == 0) {
			if (!starred)
				text_add(t, "*\n", 2);
			starred = true;
		} else {
			ref_line(t, addr, b + i, 16);
			starred = false;
		}
		prev = b + i;
	}
	if (i < n) {
		ref_line(t, addr, b + i, n - i);
		addr += n - i;
	}
	if (addr != 0)
		text_add(t, end, (size_t)snprintf(end, sizeof end,
		    "%08" PRIx64 "\n", addr));
}

/* Runs the formatter over b in calls of 16 * chunk bytes, then the end. */
static void
run_hexdump(struct text *t, uint64_t start, bool verbose, size_t chunk,
    const unsigned char *b, size_t n)
{
	struct hexdump hd;
	size_t whole = n - n % 16, i, len, w;
	char *out;

	hexdump_init(&hd, start, verbose);
	for (i = 0; i < whole; i += len) {
		len = whole - i < 16 * chunk ? whole - i : 16 * chunk;
		out = malloc(HEXDUMP_BOUND(len));
		if (out == NULL)
			abort();
		w = hexdump_lines(&hd, b + i, len, out);
		FUZZ_CHECK(w <= HEXDUMP_BOUND(len));
		text_add(t, out, w);
		free(out);
	}
	out = malloc(HEXDUMP_BOUND(n - whole));
	if (out == NULL)
		abort();
	w = hexdump_end(&hd, b + whole, n - whole, out);
	FUZZ_CHECK(w <= HEXDUMP_BOUND(n - whole));
	text_add(t, out, w);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text got = { 0 }, want = { 0 };
	uint64_t start = 0;
	bool verbose;
	size_t chunk;

	if (size < 10)
		return 0;
	verbose = data[0] & 1;
	for (int i = 0; i < 8; i++)
		start = start << 8 | data[1 + i];
	/*
	 * Mostly small offsets; sometimes just below a multiple of 4 GiB,
	 * where the address grows a digit or its high digits change; never
	 * past 2^62.
	 */
	switch (data[0] >> 1 & 7) {
	case 0:
		start = 0;
		break;
	case 1:
	case 2:
		start &= 0xffff;
		break;
	case 3:
		start = 0xffffff00 + (start & 0x1ff);
		break;
	case 4:
		start = ((start >> 36) << 32) + 0xfffffe00 + (start & 0x3ff);
		break;
	default:
		start &= INT64_MAX >> 1;
		break;
	}
	chunk = (size_t)(data[9] % 8) + 1;
	data += 10;
	size -= 10;

	ref_hexdump(&want, start, verbose, data, size);
	for (int f = 0; f < HEXDUMP_FORMATTERS; f++) {
		if (!hexdump_formatter_usable(f))
			continue;
		hexdump_formatter_use(f);
		got.len = 0;
		run_hexdump(&got, start, verbose, chunk, data, size);
		if (got.len != want.len || (got.len != 0 &&
		    memcmp(got.p, want.p, got.len) != 0)) {
			fprintf(stderr, "formatter %s differs\n",
			    hexdump_formatter_name(f));
			FUZZ_CHECK(!"every formatter writes the reference");
		}
	}
	free(got.p);
	free(want.p);
	return 0;
}
