-- SPDX-License-Identifier: Apache-2.0
description = "The server ports (TCP or UDP) through which the most bytes went, sent plus received."
short_description = "Top TCP/UDP server ports by R+W bytes"
category = "Net"
args = {}

require("sc_common").top_table {
	keys = { "fd.sport" }, titles = { "Srv Port" },
	value = "evt.rawarg.res", title = "Bytes", units = "bytes", top = 100,
	filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
}
