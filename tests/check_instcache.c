/*
 * NAME
 *	check_instcache - unit tests for instcache.c
 * DESCRIPTION
 *	"Core": a later recipient after a prepend gets "DUNNO", after a
 *	reject or defer the same text; unknown and empty instances; an
 *	update of the same instance; the answer cut to the caller's buffer.
 *	"Capacity": for capacities 1 to 9, storing more messages than fit
 *	drops the oldest first and keeps exactly the newest capacity ones;
 *	an update does not take a second slot.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instcache.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define REJECT	"550 5.7.23 Message rejected due to: SPF fail - not " \
		"authorized. Please see http://www.openspf.net/Why?s=mfrom;" \
		"id=a@fail.example;ip=192.0.2.1;r=d1.example"
#define PREPEND	"prepend Received-SPF: Pass (mailfrom) identity=mailfrom; " \
		"client-ip=192.0.2.1; helo=x.example; " \
		"envelope-from=\"a@pass.example\"; receiver=d1.example"

static void	assert_replay(struct instcache *, const char *, const char *);
static void	assert_unknown(struct instcache *, const char *);
static Suite	*instcache_suite(void);

/* assert_replay - instance is known and answers want */
static void
assert_replay(struct instcache *ic, const char *instance, const char *want)
{
	char	buf[4096];

	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(instcache_replay(ic, instance, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, want);
}

/* assert_unknown - instance is not known; buf is left alone */
static void
assert_unknown(struct instcache *ic, const char *instance)
{
	char	buf[16];

	strcpy(buf, "untouched");
	ck_assert_int_eq(instcache_replay(ic, instance, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "untouched");
}

START_TEST(test_instcache_prepend)
{
	struct instcache	*ic = instcache_new(4);

	assert_unknown(ic, "A1B2C3");
	instcache_store(ic, "A1B2C3", 1, PREPEND);
	assert_replay(ic, "A1B2C3", "DUNNO");
	assert_replay(ic, "A1B2C3", "DUNNO");	/* every later recipient */
	assert_unknown(ic, "A1B2C4");
	instcache_free(ic);
}
END_TEST

/* Skip and whitelist answers are prepends too. */
START_TEST(test_instcache_skip)
{
	struct instcache	*ic = instcache_new(4);

	instcache_store(ic, "1", 1, "prepend X-Comment: SPF check N/A for "
	    "local connections - client-ip=127.0.0.1");
	assert_replay(ic, "1", "DUNNO");
	instcache_free(ic);
}
END_TEST

static const char *const replayed[] = {
	REJECT,
	"defer_if_permit 4.7.24 Message deferred due to: SPF Temporary "
	    "Error: DNS timeout (fake). Please see http://www.openspf.net/"
	    "Why?s=mfrom;id=a@temp.example;ip=192.0.2.1;r=d1.example",
	"550 Message rejected due to: x",
	"mfrom_passed_spf",
	"DUNNO",
	"",
};

/* Not a prepend: the same text again, with the first recipient's r=. */
START_TEST(test_instcache_same_text)
{
	struct instcache	*ic = instcache_new(4);

	instcache_store(ic, "msg", 0, replayed[_i]);
	assert_replay(ic, "msg", replayed[_i]);
	assert_replay(ic, "msg", replayed[_i]);
	instcache_free(ic);
}
END_TEST

START_TEST(test_instcache_empty)
{
	struct instcache	*ic = instcache_new(2);

	instcache_store(ic, "", 0, REJECT);
	instcache_store(ic, NULL, 0, REJECT);
	assert_unknown(ic, "");
	assert_unknown(ic, NULL);

	/* Nothing was stored: two real messages still fit. */
	instcache_store(ic, "a", 0, "A");
	instcache_store(ic, "b", 0, "B");
	assert_replay(ic, "a", "A");
	assert_replay(ic, "b", "B");
	assert_unknown(ic, "");
	instcache_free(ic);
}
END_TEST

START_TEST(test_instcache_update)
{
	struct instcache	*ic = instcache_new(2);

	instcache_store(ic, "m", 0, REJECT);
	assert_replay(ic, "m", REJECT);
	instcache_store(ic, "m", 1, PREPEND);
	assert_replay(ic, "m", "DUNNO");
	instcache_store(ic, "m", 0, "550 second");
	assert_replay(ic, "m", "550 second");

	/* The update took no second slot: "n" fits beside "m". */
	instcache_store(ic, "n", 0, "N");
	assert_replay(ic, "m", "550 second");
	assert_replay(ic, "n", "N");
	instcache_free(ic);
}
END_TEST

/* Instances are compared exactly: no prefix or case folding. */
START_TEST(test_instcache_exact)
{
	struct instcache	*ic = instcache_new(4);

	instcache_store(ic, "abc", 0, "X");
	assert_unknown(ic, "ab");
	assert_unknown(ic, "abcd");
	assert_unknown(ic, "ABC");
	assert_replay(ic, "abc", "X");
	instcache_free(ic);
}
END_TEST

START_TEST(test_instcache_small_buffer)
{
	struct instcache	*ic = instcache_new(1);
	char			 buf[8], *one;

	instcache_store(ic, "m", 0, REJECT);
	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(instcache_replay(ic, "m", buf, 4), 1);
	ck_assert_str_eq(buf, "550");
	ck_assert_int_eq(buf[4], 'Z');
	instcache_store(ic, "m", 1, REJECT);
	ck_assert_int_eq(instcache_replay(ic, "m", buf, 4), 1);
	ck_assert_str_eq(buf, "DUN");

	/* Exact heap block, for ASan and valgrind. */
	one = malloc(1);
	ck_assert_ptr_nonnull(one);
	ck_assert_int_eq(instcache_replay(ic, "m", one, 1), 1);
	ck_assert_str_eq(one, "");
	free(one);
	instcache_free(ic);
}
END_TEST

START_TEST(test_instcache_long_action)
{
	struct instcache	*ic = instcache_new(1);
	char			*action, *want;

	action = malloc(3000);
	want = malloc(3000);
	ck_assert_ptr_nonnull(action);
	ck_assert_ptr_nonnull(want);
	memset(action, 'x', 2999);
	action[2999] = '\0';
	memcpy(want, action, 3000);
	instcache_store(ic, "m", 0, action);
	memset(action, 'y', 2999);	/* the cache keeps its own copy */
	assert_replay(ic, "m", want);
	free(action);
	free(want);
	instcache_free(ic);
}
END_TEST

START_TEST(test_instcache_zero_capacity)
{
	struct instcache	*ic = instcache_new(0);

	instcache_store(ic, "a", 0, "A");
	assert_replay(ic, "a", "A");		/* at least one */
	instcache_store(ic, "b", 0, "B");
	assert_unknown(ic, "a");
	assert_replay(ic, "b", "B");
	instcache_free(ic);
	instcache_free(NULL);
}
END_TEST

/*
 * Capacity _i + 1: store 3 * capacity messages one after the other;
 * after each store exactly the newest min(stored, capacity) are known.
 */
START_TEST(test_instcache_evict)
{
	size_t			 cap = (size_t)_i + 1, n, k;
	struct instcache	*ic = instcache_new(cap);
	char			 inst[32], want[32];

	for (n = 0; n < 3 * cap; n++) {
		snprintf(inst, sizeof(inst), "I%zu", n);
		snprintf(want, sizeof(want), "550 %zu", n);
		instcache_store(ic, inst, 0, want);
		for (k = 0; k <= n; k++) {
			snprintf(inst, sizeof(inst), "I%zu", k);
			snprintf(want, sizeof(want), "550 %zu", k);
			if (n - k < cap)
				assert_replay(ic, inst, want);
			else
				assert_unknown(ic, inst);
		}
	}
	instcache_free(ic);
}
END_TEST

/* The oldest message goes first even when a newer one was updated. */
START_TEST(test_instcache_evict_after_update)
{
	struct instcache	*ic = instcache_new(3);

	instcache_store(ic, "a", 0, "A");
	instcache_store(ic, "b", 0, "B");
	instcache_store(ic, "c", 0, "C");
	instcache_store(ic, "b", 1, "B2");	/* update, no new slot */
	instcache_store(ic, "d", 0, "D");	/* drops a, the oldest */
	assert_unknown(ic, "a");
	assert_replay(ic, "b", "DUNNO");
	assert_replay(ic, "c", "C");
	assert_replay(ic, "d", "D");
	instcache_store(ic, "e", 0, "E");	/* drops b */
	assert_unknown(ic, "b");
	assert_replay(ic, "c", "C");
	instcache_free(ic);
}
END_TEST

static Suite *
instcache_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("instcache");

	tc = tcase_create("Core");
	tcase_add_test(tc, test_instcache_prepend);
	tcase_add_test(tc, test_instcache_skip);
	tcase_add_loop_test(tc, test_instcache_same_text, 0,
	    NITEMS(replayed));
	tcase_add_test(tc, test_instcache_empty);
	tcase_add_test(tc, test_instcache_update);
	tcase_add_test(tc, test_instcache_exact);
	tcase_add_test(tc, test_instcache_small_buffer);
	tcase_add_test(tc, test_instcache_long_action);
	suite_add_tcase(s, tc);

	tc = tcase_create("Capacity");
	tcase_add_test(tc, test_instcache_zero_capacity);
	tcase_add_loop_test(tc, test_instcache_evict, 0, 9);
	tcase_add_test(tc, test_instcache_evict_after_update);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(instcache_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
