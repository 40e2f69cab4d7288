-- SPDX-License-Identifier: Apache-2.0
description = "The files whose operations failed most often, with the number of failures."
short_description = "Top files by number of errors"
category = "Errors"
args = {}

require("sc_common").top_table {
	keys = { "fd.name" }, titles = { "Filename" },
	value = "evt.count", title = "#Errors", units = "none", top = 100,
	filter = "fd.type=file and evt.failed=true",
}
