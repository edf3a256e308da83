/*
 * suggest.c -- the words nearest to a mistyped one.  The weights and the
 * threshold are git's (help.c, help_unknown_cmd: levenshtein with swap 0,
 * substitution 2, insertion 1, deletion 3, and a score below 7), so that
 * shmctl guesses as git users expect: "lst" is "list", "lsit" too.
 */
#include "config.h"

#include <string.h>

#include "suggest.h"

/* Longer words are not typos of a subcommand: no table, no guess. */
#define SUGGEST_MAX_LEN		64
/* git's SIMILARITY_FLOOR: a score (distance + 1) below it is a guess. */
#define SUGGEST_FLOOR		7

enum { W_SWAP = 0, W_SUBST = 2, W_ADD = 1, W_DROP = 3 };

static int
min2(int a, int b)
{
	return a < b ? a : b;
}

/* Three rows of the distance table: two back for swaps, and this one. */
int
suggest_distance(const char *typed, const char *word)
{
	int rows[3][SUGGEST_MAX_LEN + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;
	size_t m = strlen(typed), n = strlen(word);

	if (m > SUGGEST_MAX_LEN || n > SUGGEST_MAX_LEN)
		return -1;
	for (size_t j = 0; j <= n; j++)
		prev[j] = (int)j * W_ADD;
	for (size_t i = 0; i < m; i++) {
		cur[0] = (int)(i + 1) * W_DROP;
		for (size_t j = 0; j < n; j++) {
			int d = prev[j] + (typed[i] != word[j]) * W_SUBST;

			if (i > 0 && j > 0 && typed[i - 1] == word[j] &&
			    typed[i] == word[j - 1])
				d = min2(d, prev2[j - 1] + W_SWAP);
			d = min2(d, prev[j + 1] + W_DROP);
			cur[j + 1] = min2(d, cur[j] + W_ADD);
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[n];
}

/* git's score: 0 for a word that typed begins, else distance + 1. */
static int
score(const char *typed, const char *word)
{
	int d;

	if (strncmp(word, typed, strlen(typed)) == 0)
		return 0;
	d = suggest_distance(typed, word);
	return d < 0 ? SUGGEST_FLOOR : d + 1;
}

size_t
suggest_nearest(const char *typed, const char *const *words, size_t n,
    const char **out, size_t max)
{
	int best = SUGGEST_FLOOR;
	size_t found = 0;

	if (*typed == '\0' || strlen(typed) > SUGGEST_MAX_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		best = min2(best, score(typed, words[i]));
	if (best >= SUGGEST_FLOOR)
		return 0;
	for (size_t i = 0; i < n && found < max; i++)
		if (score(typed, words[i]) == best)
			out[found++] = words[i];
	return found;
}
