-- SPDX-License-Identifier: Apache-2.0
description = "Shows every read and write that processes make on files, with the data (as text). Give R or W to see only reads or writes, and a file name to follow only that file."
short_description = "Echo any read/write made by any process to all files. Optionally, you can provide the name of one file to only intercept reads/writes to that file."
category = "I/O"
args = {
	{ name = "read_or_write", description = "R for reads only, W for writes only, RW (the default) for both", argtype = "string", optional = true },
	{ name = "spy_on_file_name", description = "the one file to follow", argtype = "string", optional = true },
}

local sc = require "sc_common"
local only, file
local f = {}

function on_set_arg(name, val)
	if name == "read_or_write" then
		only = val:upper()
	elseif name == "spy_on_file_name" then
		file = val
	else
		return false
	end
	return true
end

function on_init()
	f.data = chisel.request_field("evt.arg.data")
	f.name = chisel.request_field("fd.name")
	f.write = chisel.request_field("evt.is_io_write")
	f.pid = chisel.request_field("proc.pid")
	f.proc = chisel.request_field("proc.name")
	f.res = chisel.request_field("evt.rawarg.res")
	f.time = chisel.request_field("evt.time")
	sysdig.set_snaplen(2000)
	sysdig.set_output_format("ascii")
	local parts = {}
	if file and file ~= "" then
		parts[#parts + 1] = "(fd.name=" .. file .. ")"
	else
		parts[#parts + 1] = "(not fd.name contains /dev/pt and not fd.name contains /dev/tty)"
	end
	if only == "R" then
		parts[#parts + 1] = "evt.is_io_read=true"
	elseif only == "W" then
		parts[#parts + 1] = "evt.is_io_write=true"
	else
		parts[#parts + 1] = "evt.is_io=true"
	end
	parts[#parts + 1] = "fd.type=file and evt.dir=< and evt.failed=false"
	chisel.set_filter(table.concat(parts, " and "))
	return true
end

function on_event()
	local n = evt.field(f.res) or 0
	print(string.format("%s %s(%s) %s %s %s %s", tostring(evt.field(f.time)), tostring(evt.field(f.proc)),
		tostring(evt.field(f.pid)), evt.field(f.write) and "W" or "R", sc.bytes(n),
		tostring(evt.field(f.name)), tostring(evt.field(f.data))))
	return true
end
