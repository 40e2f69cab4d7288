-- SPDX-License-Identifier: Apache-2.0
description = "Shows the top processes in terms of total (in+out) bytes to disk."
short_description = "Top processes by R+W disk bytes"
category = "I/O"
args = {}

require("sc_common").top_table {
	keys = { "proc.name", "proc.pid" }, titles = { "Process", "PID" },
	value = "evt.rawarg.res", title = "Bytes", units = "bytes", top = 10,
	filter = "fd.type=file and evt.is_io=true",
}
