-- SPDX-License-Identifier: Apache-2.0
description = "Lists the processes (every thread), as ps does, as they are when the capture starts (or at the first event the command-line filter lets through); a filter keeps the ones with a matching fd, e.g. 'fd.name contains /etc'."
short_description = "List (and optionally filter) the machine processes."
category = "System State"
args = {
	{ name = "filter", description = "a filter on the processes' fds, e.g. 'fd.name contains /etc'", argtype = "filter", optional = true },
}

local sc = require "sc_common"
local col = sc.column

sc.state_listing(nil, function(threads)
	print(col("TID", 8) .. col("PID", 8) .. col("USER", 12) .. col("VIRT", 11) .. col("RES", 11) ..
		col("FDLIMIT", 10) .. col("CMD", 20))
	for _, tid in ipairs(sc.ordered(threads)) do
		local th = threads[tid]
		print(col(tid, 8) .. col(th.pid, 8) .. col(th.username, 12) .. col(sc.bytes(th.vmsize_kb * 1024), 11) ..
			col(sc.bytes(th.vmrss_kb * 1024), 11) .. col(th.fdlimit, 10) .. th.comm)
	end
end)
