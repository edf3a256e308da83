/*
 * json.h -- a JSON document written as it goes, so that a long run (gc)
 * shows each element as soon as it is known.  Containers at the first
 * flat levels put each member on a line of its own, indented as lsblk
 * does; deeper ones stay on one line.  A key is followed by its value; the
 * document ends with a newline when its outermost container is closed.
 */
#ifndef SHMCTL_JSON_H
#define SHMCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OUT_JSON_MAXDEPTH	8

struct out_json {
	FILE *fp;
	int depth;			/* containers open */
	int flat;			/* levels with a member a line */
	bool keyed;			/* a key was written: its value next */
	bool filled[OUT_JSON_MAXDEPTH];	/* the container has a member */
	char closer[OUT_JSON_MAXDEPTH];	/* '}' or ']' */
};

void out_json_init(struct out_json *, FILE *, int flat);
void out_json_object(struct out_json *);
void out_json_array(struct out_json *);
/* Closes the innermost container. */
void out_json_end(struct out_json *);
void out_json_key(struct out_json *, const char *key);
/*
 * A string as it is (escape names with out_escape first): quotes,
 * backslashes and any byte outside printable ASCII are escaped, so that
 * the document stays valid whatever reaches here.
 */
void out_json_string(struct out_json *, const char *);
void out_json_int(struct out_json *, intmax_t);
void out_json_uint(struct out_json *, uintmax_t);
void out_json_bool(struct out_json *, bool);
void out_json_null(struct out_json *);
/* A string as out_json_string writes it, or null for NULL. */
void out_json_string_or_null(struct out_json *, const char *);
/* A number already written as text, put in as it is. */
void out_json_literal(struct out_json *, const char *text);
/*
 * The member key: a name (or a command name) as shmctl-list(1) --json
 * writes names: its real characters when it is valid UTF-8, control
 * characters as \u00XX escapes, so that jq -r gives back its exact bytes;
 * otherwise its vis(3) form, and its bytes in hex as the member key_hex.
 * A NULL name is null.
 */
void out_json_name(struct out_json *, const char *key, const char *name);

#endif
