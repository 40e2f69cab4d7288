-- SPDX-License-Identifier: Apache-2.0
description = "The system calls made most often, with how many times each was made."
short_description = "Top system calls by number of calls"
category = "Performance"
args = {}

require("sc_common").top_table {
	keys = { "evt.type" }, titles = { "Syscall" },
	value = "evt.count", title = "# Calls", units = "none", top = 30,
	filter = "evt.type!=switch",
}
