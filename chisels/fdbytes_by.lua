-- SPDX-License-Identifier: Apache-2.0
description = "Sums the bytes read and written on file descriptors, grouped by the field given (proc.name, fd.sport ...), and lists the groups that moved the most."
short_description = "I/O bytes, aggregated by an arbitrary filter field"
category = "I/O"
args = {
	{ name = "key", description = "the field to group by, e.g. proc.name", argtype = "string" },
}

require("sc_common").top_table {
	key_arg = true,
	value = "evt.rawarg.res", title = "Bytes", units = "bytes", top = 30,
	filter = "evt.is_io=true and evt.failed=false",
}
