-- SPDX-License-Identifier: Apache-2.0
description = "Lists the open file descriptors of every process, as lsof does, as they are when the capture starts (or at the first event the command-line filter lets through)."
short_description = "List (and optionally filter) the open file descriptors."
category = "System State"
args = {
	{ name = "filter", description = "a filter on the fds listed, e.g. 'proc.name=foo and fd.name contains /etc'", argtype = "filter", optional = true },
}

local sc = require "sc_common"
local col = sc.column

sc.state_listing(nil, function(threads)
	print(col("COMMAND", 20) .. col("PID", 8) .. col("TID", 8) .. col("USER", 8) .. col("FD", 8) ..
		col("TYPE", 12) .. "NAME")
	for _, tid in ipairs(sc.ordered(threads)) do
		local th = threads[tid]
		for _, fd in ipairs(sc.ordered(th.fdtable)) do
			local info = th.fdtable[fd]
			print(col(th.comm, 20) .. col(th.pid, 8) .. col(tid, 8) .. col(th.username, 8) ..
				col(fd, 8) .. col(info.type, 12) .. info.name)
		end
	end
end)
