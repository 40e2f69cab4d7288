-- SPDX-License-Identifier: Apache-2.0
description = "Shows the commands users start from a shell and the folders they move to, indented by how deep under the shell each one runs, with the shell's pid, the time and the user."
short_description = "Display interactive user activity"
category = "Security"
args = {
	{ name = "max_depth", description = "the deepest level of the process tree to show", argtype = "int", optional = true },
	{ name = "disable_color", description = "'disable_color' to print without colours", argtype = "string", optional = true },
}

local sc = require "sc_common"
local col = sc.colors(true)
local max_depth = -1
local ANCESTORS = 16
local f = {}
local anames, apids = {}, {}
-- pid -> { depth under the shell, pid of the shell }; depth -1: not under a shell
local tree = {}

function on_set_arg(name, val)
	if name == "max_depth" then
		max_depth = sc.int_arg(val, name)
	elseif name == "disable_color" and val == "disable_color" then
		col = sc.colors(false)
	end
	return true
end

function on_init()
	f.type = chisel.request_field("evt.type")
	f.exe = chisel.request_field("proc.exe")
	f.args = chisel.request_field("proc.args")
	f.path = chisel.request_field("evt.arg.path")
	f.user = chisel.request_field("user.name")
	f.time = chisel.request_field("evt.time.s")
	f.pid = chisel.request_field("proc.pid")
	f.ppid = chisel.request_field("proc.ppid")
	for j = 0, ANCESTORS do
		anames[j] = chisel.request_field("proc.aname[" .. j .. "]")
		apids[j] = chisel.request_field("proc.apid[" .. j .. "]")
	end
	chisel.set_filter("((evt.type=execve and evt.dir=<) or (evt.type=chdir and evt.dir=< and " ..
		"proc.name contains sh and not proc.name contains sshd)) and evt.failed=false")
	return true
end

local function is_shell(name)
	return #name >= 2 and name:sub(-2) == "sh"
end

-- Places a process that is new to the tree: under the outermost shell among its ancestors
-- (from index first), or nowhere (-1).
local function place(pid, first)
	local entry = { -1 }
	for j = first, first + ANCESTORS - 1 do
		local name, apid = evt.field(anames[j]), evt.field(apids[j])
		if name == nil then
			if apid == nil then
				break
			end
		elseif is_shell(name) then
			if tree[apid] then
				entry = { j - first, apid }
			else
				entry = { 0, apid }
			end
		end
	end
	tree[pid] = entry
end

function on_event()
	local pid = evt.field(f.pid)
	local chdir = evt.field(f.type) == "chdir"
	-- a command is placed under its parent; a folder change under the shell itself
	local parent = chdir and pid or evt.field(f.ppid)
	local user = evt.field(f.user) or "<NA>"
	if parent == nil then
		return true
	end
	if not tree[parent] then
		place(parent, chdir and 0 or 1)
	end
	if tree[parent][1] == -1 then
		return true
	end
	if not tree[pid] then
		tree[pid] = { tree[parent][1] + 1, tree[parent][2] }
	end
	local depth, shell = tree[pid][1], tree[pid][2]
	local head = shell .. " " .. tostring(evt.field(f.time)) .. " " .. user .. ") "
	if chdir then
		if max_depth ~= -1 and depth > max_depth then
			return true
		end
		print(string.rep(" ", 4 * depth) .. head .. "cd " .. tostring(evt.field(f.path)))
	else
		if max_depth ~= -1 and depth - 1 > max_depth then
			return true
		end
		print(string.rep(" ", 3 * (depth - 1)) .. head .. tostring(evt.field(f.exe)) .. " " ..
			tostring(evt.field(f.args)))
	end
	return true
end

function on_capture_end()
	print(col.reset)
end
