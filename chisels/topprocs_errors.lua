-- SPDX-License-Identifier: Apache-2.0
description = "The processes whose system calls failed most often, with the number of failures."
short_description = "Top processes by number of errors"
category = "Errors"
args = {}

require("sc_common").top_table {
	keys = { "proc.name", "proc.pid" }, titles = { "Process", "PID" },
	value = "evt.count", title = "#Errors", units = "none", top = 100,
	filter = "evt.failed=true",
}
