/*
 * prom.c -- the Prometheus text exposition format (see prom.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "prom.h"
#include "xmalloc.h"

struct prom_family {
	const char *name;
	const char *help;
};

struct prom_sample {
	size_t fam;
	struct prom_label labels[PROM_LABELS_MAX]; /* values owned */
	size_t nlabels;
	bool is_double;
	uintmax_t u;
	double d;
};

struct prom {
	struct prom_family *fams;
	size_t nfams;
	struct prom_sample *samples;
	size_t nsamples;
};

struct prom *
prom_new(void)
{
	return xcalloc(1, sizeof(struct prom));
}

void
prom_free(struct prom *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nsamples; i++)
		for (size_t j = 0; j < p->samples[i].nlabels; j++)
			free((char *)p->samples[i].labels[j].value);
	free(p->samples);
	free(p->fams);
	free(p);
}

size_t
prom_gauge(struct prom *p, const char *name, const char *help)
{
	p->fams = xreallocarray(p->fams, p->nfams + 1, sizeof *p->fams);
	p->fams[p->nfams] = (struct prom_family){ name, help };
	return p->nfams++;
}

static struct prom_sample *
prom_add(struct prom *p, size_t fam, const struct prom_label *labels,
    size_t nlabels)
{
	struct prom_sample *s;

	if (nlabels > PROM_LABELS_MAX)
		nlabels = PROM_LABELS_MAX;
	p->samples = xreallocarray(p->samples, p->nsamples + 1,
	    sizeof *p->samples);
	s = &p->samples[p->nsamples++];
	*s = (struct prom_sample){ .fam = fam, .nlabels = nlabels };
	for (size_t i = 0; i < nlabels; i++)
		s->labels[i] = (struct prom_label){ labels[i].name,
		    xstrdup(labels[i].value) };
	return s;
}

void
prom_add_uint(struct prom *p, size_t fam, const struct prom_label *labels,
    size_t nlabels, uintmax_t value)
{
	prom_add(p, fam, labels, nlabels)->u = value;
}

void
prom_add_double(struct prom *p, size_t fam, const struct prom_label *labels,
    size_t nlabels, double value)
{
	struct prom_sample *s = prom_add(p, fam, labels, nlabels);

	s->is_double = true;
	s->d = value;
}

void
prom_escape_label(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	for (; *p != '\0'; p += n) {
		uint32_t cp;

		if ((n = escape_utf8_char((const char *)p, &cp)) == 0) {
			fputs("\xef\xbf\xbd", fp);	/* U+FFFD */
			n = 1;
		} else if (*p == '\\')
			fputs("\\\\", fp);
		else if (*p == '"')
			fputs("\\\"", fp);
		else if (*p == '\n')
			fputs("\\n", fp);
		else
			fwrite(p, 1, n, fp);
	}
}

/* HELP text: backslash and newline escaped, the format's rule for it. */
static void
prom_escape_help(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\\')
			fputs("\\\\", fp);
		else if (*s == '\n')
			fputs("\\n", fp);
		else
			fputc(*s, fp);
}

static void
prom_write_sample(const struct prom *p, const struct prom_sample *s,
    FILE *fp)
{
	fputs(p->fams[s->fam].name, fp);
	for (size_t i = 0; i < s->nlabels; i++) {
		fprintf(fp, "%s%s=\"", i == 0 ? "{" : ",", s->labels[i].name);
		prom_escape_label(fp, s->labels[i].value);
		fputc('"', fp);
	}
	if (s->nlabels > 0)
		fputc('}', fp);
	if (s->is_double)
		fprintf(fp, " %.9g\n", s->d);
	else
		fprintf(fp, " %ju\n", s->u);
}

int
prom_write(const struct prom *p, FILE *fp)
{
	for (size_t f = 0; f < p->nfams; f++) {
		fprintf(fp, "# HELP %s ", p->fams[f].name);
		prom_escape_help(fp, p->fams[f].help);
		fprintf(fp, "\n# TYPE %s gauge\n", p->fams[f].name);
		for (size_t i = 0; i < p->nsamples; i++)
			if (p->samples[i].fam == f)
				prom_write_sample(p, &p->samples[i], fp);
	}
	return ferror(fp) ? -1 : 0;
}
