-- SPDX-License-Identifier: Apache-2.0
description = "The processes that moved the most bytes over the network (sent plus received), largest first."
short_description = "Top processes by network I/O"
category = "Net"
args = {}

require("sc_common").top_table {
	keys = { "proc.name", "proc.pid" }, titles = { "Process", "PID" },
	value = "evt.rawarg.res", title = "Bytes", units = "bytes", top = 100,
	filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
}
