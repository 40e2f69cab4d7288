-- SPDX-License-Identifier: Apache-2.0
description = "Lists the ids of the login shells (sessions) seen starting commands; give a command name (or *) and a text of its arguments to keep only the shells that ran such a command. The ids can be given to spy_users as a filter (proc.loginshellid=ID)."
short_description = "List the login shell IDs"
category = "Security"
args = {
	{ name = "command", description = "only shells that ran a command whose name contains this (* for any)", argtype = "string", optional = true },
	{ name = "arguments", description = "only shells that ran a command whose arguments contain this", argtype = "string", optional = true },
}

local command, arguments
local f = {}
local ids, order = {}, {}

function on_set_arg(name, val)
	if name == "command" then
		if val ~= "*" then
			command = val
		end
	elseif name == "arguments" then
		arguments = val
	end
	return true
end

function on_init()
	f.sid = chisel.request_field("proc.loginshellid")
	f.exe = chisel.request_field("evt.arg.exe")
	f.args = chisel.request_field("evt.arg.args")
	chisel.set_filter("evt.type=execve")
	return true
end

function on_event()
	local sid, exe, args = evt.field(f.sid), evt.field(f.exe), evt.field(f.args)
	if sid == nil or exe == nil then
		return true
	end
	if command and not exe:find(command, 1, true) then
		return true
	end
	if arguments and args and not args:find(arguments, 1, true) then
		return true
	end
	if not ids[sid] then
		ids[sid] = true
		order[#order + 1] = sid
	end
	return true
end

function on_capture_end()
	print(command and ("Shells containing " .. command .. ":") or "All shells:")
	for _, sid in ipairs(order) do
		print(sid)
	end
end
