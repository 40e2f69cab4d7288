-- SPDX-License-Identifier: Apache-2.0
description = "Lists the processes that end, with how long each ran: green below 3 seconds, yellow from 3, red from 10."
short_description = "Show process execution time"
category = "Performance"
args = {
	{ name = "disable_color", description = "'disable_colors' to print without colours", argtype = "string", optional = true },
}

local sc = require "sc_common"
local col = sc.colors(true)
local f = {}
local LINE = "%-13.13s %-12.12s %s"

function on_set_arg(name, val)
	if val == "disable_colors" then
		col = sc.colors(false)
	end
	return true
end

function on_init()
	f.name = chisel.request_field("proc.name")
	f.args = chisel.request_field("proc.args")
	f.duration = chisel.request_field("proc.duration")
	f.container = chisel.request_field("container.name")
	chisel.set_filter("evt.type=procexit")
	print(string.format(LINE, "proc.duration", "proc.name", "proc.args"))
	print(string.format(LINE, "-------------", "------------", "--------------------"))
	return true
end

function on_event()
	local d = evt.field(f.duration)
	if d == nil then
		return true
	end
	local c = col.green
	if d > 10000000000 then
		c = col.red
	elseif d > 3000000000 then
		c = col.yellow
	elseif evt.field(f.container) ~= "host" then
		c = col.blue
	end
	print(c .. string.format(LINE, sc.duration(d), tostring(evt.field(f.name)), tostring(evt.field(f.args))))
	return true
end

function on_capture_end()
	print(col.reset)
end
