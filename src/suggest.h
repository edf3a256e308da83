/*
 * suggest.h -- "did you mean 'list'?": the words nearest to a mistyped
 * one, as git(1) finds the command meant.
 */
#ifndef SHMCTL_SUGGEST_H
#define SHMCTL_SUGGEST_H

#include <stddef.h>

/*
 * The distance from typed to word as git weighs it: a swap of two
 * neighbours 0, a substitution 2, a letter added 1, a letter dropped 3.
 */
int suggest_distance(const char *typed, const char *word);

/*
 * Puts into out (room for max) the words of words[0..n) nearest to typed,
 * each within git's threshold, ties in the given order; a word that
 * typed begins is nearest of all.  Returns how many: 0 when none is close,
 * or when typed is too long to be a mistyped word.
 */
size_t suggest_nearest(const char *typed, const char *const *words, size_t n,
    const char **out, size_t max);

#endif
