-- SPDX-License-Identifier: Apache-2.0
description = "Prints the system calls that took longer than the given number of milliseconds, with when, who and how long."
short_description = "Trace slow syscalls"
category = "Performance"
args = {
	{ name = "min_ms", description = "the milliseconds above which a call is shown", argtype = "int" },
	{ name = "disable_color", description = "'disable_color' to print without colours", argtype = "string", optional = true },
}

local sc = require "sc_common"
local col = sc.colors(true)
local min_ms
local f = {}
local LINE = "%-23.23s %-23.23s %-20s %s"

function on_set_arg(name, val)
	if name == "min_ms" then
		min_ms = sc.int_arg(val, name)
	elseif name == "disable_color" and val == "disable_color" then
		col = sc.colors(false)
	end
	return true
end

function on_init()
	f.type = chisel.request_field("evt.type")
	f.datetime = chisel.request_field("evt.datetime")
	f.proc = chisel.request_field("proc.name")
	f.latency = chisel.request_field("evt.latency")
	f.container = chisel.request_field("container.name")
	print(string.format(LINE, "evt.datetime", "proc.name", "LATENCY(ms)", "evt.type"))
	print(string.format(LINE, "-----------------------", "-----------------------",
		"--------------------", "--------------------"))
	return true
end

function on_event()
	local lat = evt.field(f.latency)
	if lat == nil then
		return true
	end
	local ms = lat / 1000000
	if ms > min_ms then
		local c = evt.field(f.container) ~= "host" and col.blue or col.green
		print(c .. string.format(LINE, tostring(evt.field(f.datetime)), tostring(evt.field(f.proc)),
			sc.num(ms), tostring(evt.field(f.type))))
	end
	return true
end
