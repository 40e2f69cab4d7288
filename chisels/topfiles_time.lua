-- SPDX-License-Identifier: Apache-2.0
description = "The files on which processes spent the most time reading and writing."
short_description = "Top files by time"
category = "I/O"
args = {}

require("sc_common").top_table {
	keys = { "fd.name" }, titles = { "Filename" },
	value = "evt.latency", title = "Time", units = "time", top = 10,
	filter = "fd.type=file and evt.is_io=true",
}
