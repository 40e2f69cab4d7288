-- SPDX-License-Identifier: Apache-2.0
description = "The network connections that carried the most bytes, sent plus received."
short_description = "Top network connections by total bytes"
category = "Net"
args = {}

require("sc_common").top_table {
	keys = { "fd.l4proto", "fd.name" }, titles = { "Proto", "Conn" },
	value = "evt.rawarg.res", title = "Bytes", units = "bytes", top = 30,
	filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
}
