-- SPDX-License-Identifier: Apache-2.0
description = "Counts the distinct file descriptors in use, grouped by the field given (proc.name, fd.sip ...): how many connections per process or per address, for instance."
short_description = "FD count, aggregated by an arbitrary filter field"
category = "I/O"
args = {
	{ name = "key", description = "the field to group by, e.g. proc.name", argtype = "string" },
}

local sc = require "sc_common"
local key_name
local f = {}
-- key -> { n = distinct fds, seen = { [fd number .. name] = true } }
local groups = {}

function on_set_arg(name, val)
	key_name = val
	return true
end

function on_init()
	f.key = chisel.request_field(key_name)
	f.num = chisel.request_field("fd.num")
	f.name = chisel.request_field("fd.name")
	return true
end

function on_event()
	local key, num, name = evt.field(f.key), evt.field(f.num), evt.field(f.name)
	if key == nil or num == nil or num <= 0 or name == nil or name == "" then
		return true
	end
	local g = groups[key]
	if g == nil then
		g = { n = 0, seen = {} }
		groups[key] = g
	end
	local id = tostring(num) .. name
	if not g.seen[id] then
		g.seen[id] = true
		g.n = g.n + 1
	end
	return true
end

function on_capture_end()
	for _, k in ipairs(sc.sorted_keys(groups, function(g) return g.n end)) do
		print(tostring(k) .. "\t" .. groups[k].n)
	end
end
