-- SPDX-License-Identifier: Apache-2.0
description = "Prints the file reads and writes that took longer than the given number of milliseconds (0: all of them), leaving out /dev."
short_description = "Trace slow file I/O"
category = "Performance"
args = {
	{ name = "min_ms", description = "the milliseconds above which an operation is shown", argtype = "int" },
	{ name = "disable_color", description = "'disable_color' to print without colours", argtype = "string", optional = true },
}

local sc = require "sc_common"
local col = sc.colors(true)
local min_ms
local f = {}
local HEAD = "%-23.23s %-12.12s %-8s %-12s %s"

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
	f.dir = chisel.request_field("evt.dir")
	f.datetime = chisel.request_field("evt.datetime")
	f.name = chisel.request_field("fd.name")
	f.proc = chisel.request_field("proc.name")
	f.latency = chisel.request_field("evt.latency")
	f.container = chisel.request_field("container.name")
	chisel.set_filter("evt.is_io=true and fd.type=file")
	print(string.format(HEAD, "evt.datetime", "proc.name", "evt.type", "LATENCY(ms)", "fd.name"))
	print(string.format(HEAD, "-----------------------", "------------", "--------", "------------",
		"-----------------------------------------"))
	return true
end

function on_event()
	local ms = (evt.field(f.latency) or 0) / 1000000
	local name = evt.field(f.name) or ""
	if evt.field(f.dir) == "<" and ms > min_ms and name:sub(1, 5) ~= "/dev/" then
		local c = evt.field(f.container) ~= "host" and col.blue or col.green
		print(c .. string.format("%-23.23s %-12.12s %-8s %12d %s", tostring(evt.field(f.datetime)),
			tostring(evt.field(f.proc)), tostring(evt.field(f.type)), math.floor(ms), name))
	end
	return true
end
