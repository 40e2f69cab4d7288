/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for core/evt.c: locating parameters, bounds, integer values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "builders.h"
#include "core/evt.h"
#include "core/util.h"

static void test_decode_open_x(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_evt ev;
	struct sc_err err = { 0 };
	size_t at = sc_builder_add(&b, 42, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(-2), sc_bp_str("/etc/passwd"),
				   sc_bp_u32(1), sc_bp_u32(0644));
	const struct sc_evt_hdr *h = (const void *)(b.buf + at);

	assert_int_equal(sc_evt_decode(&ev, h, &err), SC_OK);
	assert_int_equal(ev.nparams, 4);
	assert_false(ev.laid_out);   /* checked, laid out on first use */
	assert_ptr_equal(ev.info, &sc_event_table[SCE_SYSCALL_OPEN_X]);
	assert_int_equal(sc_evt_params(&ev)[1].len, 12);
	assert_string_equal((const char *)sc_evt_params(&ev)[1].val, "/etc/passwd");
	assert_int_equal(sc_evt_param_int(&ev, 0, 0), -2);   /* fd: sign-extended */
	assert_int_equal(sc_evt_param_int(&ev, 2, 0), 1);
	assert_int_equal(sc_evt_param_int(&ev, 9, 77), 77);  /* absent */
	assert_int_equal(sc_evt_param_index(&ev, "name"), 1);
	assert_int_equal(sc_evt_param_index(&ev, "nosuch"), -1);
	assert_null(sc_evt_param(&ev, 4));
	sc_builder_free(&b);
}

static void test_fewer_params_than_table(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_evt ev;
	struct sc_err err = { 0 };
	size_t at = sc_builder_add(&b, 1, SCE_SYSCALL_OPEN_X, 2, sc_bp_i64(3), sc_bp_str("/x"));

	assert_int_equal(sc_evt_decode(&ev, (const void *)(b.buf + at), &err), SC_OK);
	assert_int_equal(ev.nparams, 2);
	assert_int_equal(sc_evt_param_int(&ev, 3, -5), -5);
	sc_builder_free(&b);
}

static void test_bad_lengths(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_evt ev;
	struct sc_err err = { 0 };
	size_t at = sc_builder_add(&b, 1, SCE_SYSCALL_OPEN_X, 2, sc_bp_i64(3), sc_bp_str("/abc"));
	struct sc_evt_hdr *h = (void *)(b.buf + at);
	uint16_t big = 200;

	/* a parameter longer than the record */
	memcpy(b.buf + at + SC_EVT_HDR_LEN + 2, &big, 2);
	assert_int_equal(sc_evt_decode(&ev, h, &err), SC_EFORMAT);
	assert_true(strlen(err.msg) > 0);
	/* more length slots than the record holds */
	big = 5;
	memcpy(b.buf + at + SC_EVT_HDR_LEN + 2, &big, 2);
	h->nparams = 30;
	assert_int_equal(sc_evt_decode(&ev, h, &err), SC_EFORMAT);
	h->nparams = 40;
	assert_int_equal(sc_evt_decode(&ev, h, &err), SC_EFORMAT);
	h->nparams = 2;
	h->len = 10;
	assert_int_equal(sc_evt_decode(&ev, h, &err), SC_EFORMAT);
	sc_builder_free(&b);
}

static void test_unknown_type(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_evt ev;
	struct sc_err err = { 0 };
	size_t at = sc_builder_add(&b, 1, SC_EVENT_MAX + 3, 0);

	assert_int_equal(sc_evt_decode(&ev, (const void *)(b.buf + at), &err), SC_ENOTSUP);
	sc_builder_free(&b);
}

static void test_large_payload(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_evt ev;
	struct sc_err err = { 0 };
	static char json[70000];
	size_t at;

	assert_true(sc_event_table[SCE_CONTAINER_JSON_2_E].flags & SC_EF_LARGE_PAYLOAD);
	memset(json, 'j', sizeof(json) - 1);
	at = sc_builder_add(&b, 1, SCE_CONTAINER_JSON_2_E, 1, sc_bp_str(json));
	assert_int_equal(sc_evt_decode(&ev, (const void *)(b.buf + at), &err), SC_OK);
	assert_int_equal(ev.nparams, 1);
	assert_int_equal(sc_evt_params(&ev)[0].len, sizeof(json));
	sc_builder_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_open_x),
		cmocka_unit_test(test_fewer_params_than_table),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_large_payload),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
