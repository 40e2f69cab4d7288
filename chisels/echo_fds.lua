-- SPDX-License-Identifier: Apache-2.0
description = "Shows the data that processes read and write on any file descriptor, each buffer under a line saying who moved how much on what. Red lines are reads, blue lines writes. Add a filter to narrow it down."
short_description = "Print the data read and written by processes."
category = "I/O"
args = {
	{ name = "disable_color", description = "'disable_color' to print without colours", argtype = "string", optional = true },
}

local sc = require "sc_common"
local col = sc.colors(true)
local f_res, f_read, f_name, f_proc

function on_set_arg(name, val)
	if name == "disable_color" and val == "disable_color" then
		col = sc.colors(false)
	end
	return true
end

function on_init()
	f_res = chisel.request_field("evt.rawarg.res")
	f_read = chisel.request_field("evt.is_io_read")
	f_name = chisel.request_field("fd.name")
	f_proc = chisel.request_field("proc.name")
	sysdig.set_snaplen(2000)
	chisel.set_filter("evt.is_io=true and evt.dir=< and evt.rawres>0")
	-- the data itself is printed under the line, by the event formatter
	chisel.set_event_formatter("%evt.arg.data")
	return true
end

function on_event()
	local n = evt.field(f_res)
	if n == nil or n <= 0 then
		return true
	end
	local name = evt.field(f_name) or "<NA>"
	local proc = tostring(evt.field(f_proc))
	if evt.field(f_read) then
		print(col.red .. "------ Read " .. sc.bytes(n) .. " from  " .. col.red .. " " .. name .. " (" .. proc .. ")")
	else
		print(col.blue .. "------ Write " .. sc.bytes(n) .. " to  " .. col.blue .. " " .. name .. " (" .. proc .. ")")
	end
	return true
end

function on_capture_end()
	print(col.reset)
end
