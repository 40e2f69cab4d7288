-- SPDX-License-Identifier: Apache-2.0
description = "The system calls in which processes spent the most time, summed over every call."
short_description = "Top system calls by time"
category = "Performance"
args = {}

require("sc_common").top_table {
	keys = { "evt.type" }, titles = { "Syscall" },
	value = "evt.latency", title = "Time", units = "time", top = 30,
	filter = "",
}
