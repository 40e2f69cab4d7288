/* SPDX-License-Identifier: Apache-2.0 */
/* evtlist_dump.c - prints sc_evtlist_write()'s listing, for check-vs-sysdig-L.sh. */
#include <stdio.h>

#include "core/evtlist.h"
#include "core/strbuf.h"

int main(void)
{
	struct sc_strbuf b = {0};
	int ok;

	sc_evtlist_write(&b);
	ok = fwrite(b.s, 1, b.len, stdout) == b.len;
	sc_strbuf_free(&b);
	return ok && fflush(stdout) == 0 ? 0 : 99;
}
