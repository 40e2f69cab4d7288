-- SPDX-License-Identifier: Apache-2.0
description = "Sums the time spent in I/O on file descriptors, grouped by the field given, and lists the groups that spent the most."
short_description = "FD time group by"
category = "I/O"
args = {
	{ name = "key", description = "the field to group by, e.g. proc.name", argtype = "string" },
}

require("sc_common").top_table {
	key_arg = true,
	value = "evt.latency", title = "Time", units = "time", top = 10,
	filter = "evt.is_io=true",
}
