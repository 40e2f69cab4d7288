-- SPDX-License-Identifier: Apache-2.0
description = "The files that were read and written the most, in bytes, largest first."
short_description = "Top files by R+W bytes"
category = "I/O"
args = {}

require("sc_common").top_table {
	keys = { "fd.name" }, titles = { "Filename" },
	value = "evt.rawarg.res", title = "Bytes", units = "bytes", top = 10,
	filter = "fd.type=file and evt.is_io=true",
}
