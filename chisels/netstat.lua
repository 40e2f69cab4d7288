-- SPDX-License-Identifier: Apache-2.0
description = "Lists the network connections and listening sockets, as netstat does, as they are when the capture starts (or at the first event the command-line filter lets through)."
short_description = "List (and optionally filter) network connections."
category = "System State"
args = {
	{ name = "filter", description = "a filter on the sockets listed, e.g. 'proc.name=foo and fd.port=80'", argtype = "filter", optional = true },
}

local sc = require "sc_common"
local col = sc.column

sc.state_listing("(fd.type=ipv4 or fd.type=ipv6)", function(threads)
	print(col("Proto", 6) .. col("Server Address", 25) .. col("Client Address", 25) .. col("State", 15) ..
		"TID/PID/Program Name")
	for _, tid in ipairs(sc.ordered(threads)) do
		local th = threads[tid]
		for _, fd in ipairs(sc.ordered(th.fdtable)) do
			local s = th.fdtable[fd]
			local client, state = "0.0.0.0:*", "LISTEN"
			if s.cip then
				client, state = s.cip .. ":" .. s.cport, "ESTABLISHED"
			end
			print(col(s.l4proto, 6) .. col(s.sip .. ":" .. s.sport, 25) .. col(client, 25) .. col(state, 15) ..
				tid .. "/" .. th.pid .. "/" .. th.comm)
		end
	end
end)
