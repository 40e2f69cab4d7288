-- SPDX-License-Identifier: Apache-2.0
-- sc_common.lua - helpers shared by syscope's stock chisels: fixed-width
-- columns, byte and time renderings as sysdig's chisels print them, and the
-- "top N" table behind topprocs_*, topfiles_*, topscalls*, topconns,
-- topports_server, fdbytes_by and fdtime_by. Not a chisel itself.
--   local sc = require "sc_common"

local M = {}

-- s in a column of width n: padded with spaces, or cut to n - 1 characters and a space.
function M.column(s, n)
	s = tostring(s)
	if #s < n then
		return s .. string.rep(" ", n - #s)
	end
	if n > 0 then
		return s:sub(1, n - 1) .. " "
	end
	return ""
end

local KB, MB, GB, TB, PB = 1024, 1024 ^ 2, 1024 ^ 3, 1024 ^ 4, 1024 ^ 5

-- x with two decimals, halves rounded up (10.625 -> "10.63", as sysdig's chisels print it)
local function two_decimals(x)
	return string.format("%.2f", math.floor(x * 100 + 0.5) / 100)
end

-- 1230 -> "1.20KB", 100 -> "100B"
function M.bytes(v)
	if v > PB then return two_decimals(v / PB) .. "P" end
	if v > TB then return two_decimals(v / TB) .. "T" end
	if v > GB then return two_decimals(v / GB) .. "G" end
	if v > MB then return two_decimals(v / MB) .. "M" end
	if v > KB then return two_decimals(v / KB) .. "KB" end
	return string.format("%dB", math.floor(v))
end

-- nanoseconds -> "1.28s", "643ms", "3.05ms", "25us", "6.25us", "932ns"
function M.duration(ns)
	ns = math.floor(ns)
	local function two(x) return string.format("%02d", x) end
	if ns >= 1000000000 then
		return (ns // 1000000000) .. "." .. two((ns % 1000000000) // 10000000) .. "s"
	elseif ns >= 10000000 then
		return (ns // 1000000) .. "ms"
	elseif ns >= 1000000 then
		return (ns // 1000000) .. "." .. two((ns % 1000000) // 10000) .. "ms"
	elseif ns >= 10000 then
		return (ns // 1000) .. "us"
	elseif ns >= 1000 then
		return (ns // 1000) .. "." .. two((ns % 1000) // 10) .. "us"
	end
	return ns .. "ns"
end

-- ANSI colours as sysdig's chisels print them; all "" when disabled.
function M.colors(enabled)
	local codes = { reset = 0, red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36 }
	local c = {}
	for name, code in pairs(codes) do
		c[name] = enabled and (string.char(27) .. "[" .. code .. "m") or ""
	end
	return c
end

-- A number as Lua 5.1 printed it (%.14g: 2 rather than 2.0), which sysdig's chisels show.
function M.num(v)
	if math.type(v) == "integer" then
		return tostring(v)
	end
	return string.format("%.14g", v)
end

-- The integer in s, or an error naming the argument.
function M.int_arg(s, name)
	local v = math.tointeger(tonumber(s))
	if v == nil then
		error("argument " .. name .. " must be a whole number, not '" .. tostring(s) .. "'", 2)
	end
	return v
end

-- Splits s at every sep (plain text, not a pattern).
function M.split(s, sep)
	local out, from = {}, 1
	while true do
		local a, b = s:find(sep, from, true)
		if not a then
			out[#out + 1] = s:sub(from)
			return out
		end
		out[#out + 1] = s:sub(from, a - 1)
		from = b + 1
	end
end

-- The keys of t ordered by value, largest first; equal values by key, so that output is stable.
function M.sorted_keys(t, value_of)
	value_of = value_of or function(v) return v end
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b)
		local va, vb = value_of(t[a]), value_of(t[b])
		if va ~= vb then return va > vb end
		return tostring(a) < tostring(b)
	end)
	return keys
end

local COL = 20
local RULE = string.rep("-", 80)
local SEP = "\1\1"

-- s as a JSON string literal.
function M.json_string(s)
	s = tostring(s):gsub('[%c"\\]', function(ch)
		local named = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
		return named[ch] or string.format("\\u%04x", ch:byte())
	end)
	return '"' .. s .. '"'
end

local renderers = {
	none = function(v) return tostring(v) end,
	bytes = M.bytes,
	time = M.duration,
}

--[[
Makes the running chisel a top-N table. spec:
  keys   = { "proc.name", "proc.pid" }   fields grouped on (nil value: event skipped)
  titles = { "Process", "PID" }          their column titles
  value  = "evt.rawarg.res"              summed when positive
  title  = "Bytes"                       the value's column title
  filter = "fd.type=file and evt.is_io=true"  (optional)
  top    = 10                            rows shown (0: all)
  units  = "bytes" | "time" | "none"
  key_arg = true                         keys and titles come from the chisel's argument "key"
On a recording the table is printed once at the end; live, every second.
]]
function M.top_table(spec)
	local sums = {}
	local key_checks, value_check
	local render = renderers[spec.units or "none"]
	if not render then
		error("top_table: unknown units '" .. tostring(spec.units) .. "'", 2)
	end

	-- -j: the table as one JSON object, in the layout sysdig's chisels print (key order fixed here)
	local function print_json(keys, n, ts_s)
		local rows = {}
		for i = 1, n do
			local cells = {}
			for j, p in ipairs(M.split(keys[i], SEP)) do
				cells[j] = M.json_string(p)
			end
			cells[#cells + 1] = M.num(sums[keys[i]])
			rows[i] = "[" .. table.concat(cells, ",") .. "]"
		end
		local info = {}
		local function entry(name, desc, is_key)
			return "{\n      \"name\":" .. M.json_string(name) .. ",\n      \"desc\":" .. M.json_string(desc) ..
				",\n      \"is_key\":" .. tostring(is_key) .. "\n    }"
		end
		for i, k in ipairs(spec.keys) do
			info[i] = entry(k, spec.titles[i], true)
		end
		info[#info + 1] = entry(spec.value, spec.title, false)
		print("{\n  \"ts\":\"" .. string.format("%d", (ts_s or 0) * 1000000000) .. "\",\n  \"data\":[" ..
			table.concat(rows, ",") .. "],\n  \"info\":[" .. table.concat(info, ",") .. "]\n}")
	end

	local function print_table(ts_s)
		local header = M.column(spec.title, COL)
		for _, t in ipairs(spec.titles) do
			header = header .. M.column(t, COL)
		end
		local keys = M.sorted_keys(sums)
		local n = #keys
		if spec.top and spec.top > 0 and spec.top < n then n = spec.top end
		if sysdig.get_output_format() == "json" then
			print_json(keys, n, ts_s)
			return
		end
		print(header)
		print(RULE)
		for i = 1, n do
			local parts = M.split(keys[i], SEP)
			local line = M.column(render(sums[keys[i]]), COL)
			for j, p in ipairs(parts) do
				if j < #parts then
					line = line .. M.column(p:sub(1, COL), COL)
				else
					line = line .. p
				end
			end
			print(line)
		end
	end

	if spec.key_arg then
		function on_set_arg(name, val)
			if name ~= "key" then
				return false
			end
			spec.keys, spec.titles = { val }, { val }
			return true
		end
	end

	function on_init()
		key_checks = {}
		for i, k in ipairs(spec.keys) do
			key_checks[i] = chisel.request_field(k)
		end
		value_check = chisel.request_field(spec.value)
		if spec.filter and spec.filter ~= "" then
			chisel.set_filter(spec.filter)
		end
		return true
	end

	function on_capture_start()
		if sysdig.is_live() then
			chisel.set_interval_s(1)
		end
		return true
	end

	local field = evt.field

	function on_event()
		local key = field(key_checks[1])
		if key == nil then
			return true
		end
		for i = 2, #key_checks do
			local v = field(key_checks[i])
			if v == nil then
				return true
			end
			key = tostring(key) .. SEP .. tostring(v)
		end
		-- one key of a number type is kept as it is: t[5] and t["5"] are one row
		if type(key) ~= "string" then key = tostring(key) end
		local v = field(value_check)
		if type(v) == "boolean" then v = v and 1 or 0 end
		if v ~= nil and v > 0 then
			sums[key] = (sums[key] or 0) + v
		end
		return true
	end

	function on_interval(ts_s)
		print_table(ts_s)
		sums = {}
		return true
	end

	function on_capture_end(ts_s)
		print_table(ts_s)
	end
end

-- Makes the running chisel print "TIME in:N out:N tot:N" each second for the I/O events filter lets through.
function M.io_totals(filter)
	local res, time, is_read
	local tin, tout = 0, 0

	function on_init()
		res = chisel.request_field("evt.rawarg.res")
		time = chisel.request_field("evt.time.s")
		is_read = chisel.request_field("evt.is_io_read")
		chisel.set_filter(filter)
		chisel.set_interval_s(1)
		return true
	end

	function on_event()
		local n = evt.field(res)
		if n ~= nil and n > 0 then
			if evt.field(is_read) then
				tin = tin + n
			else
				tout = tout + n
			end
		end
		return true
	end

	-- called with the event that starts the next second: its time is the line's (live, with no
	-- event, the clock's)
	function on_interval(ts_s)
		local t = evt.field(time) or os.date("%H:%M:%S", ts_s)
		print(tostring(t) .. " in:" .. tin .. " out:" .. tout .. " tot:" .. (tin + tout))
		tin, tout = 0, 0
		return true
	end
end

-- Makes the running chisel print the data of every read and write on file descriptor fd.
function M.fd_data(fd)
	local data

	function on_init()
		data = chisel.request_field("evt.rawarg.data")
		sysdig.set_snaplen(2000)
		chisel.set_filter("fd.num=" .. fd .. " and evt.is_io=true")
		return true
	end

	function on_event()
		local buf = evt.field(data)
		if buf ~= nil then
			print(buf)
		end
		return true
	end
end

--[[
Makes the running chisel print the system's state as the capture starts
(at its first event, or the first the command-line filter lets through):
render(threads) gets sysdig.get_thread_table(filter) once, the filter being
the chisel's optional argument "filter" joined with base_filter.
]]
function M.state_listing(base_filter, render)
	local filter = base_filter
	local started, matched = false, false

	function on_set_arg(name, val)
		if name ~= "filter" then
			return false
		end
		filter = base_filter and (base_filter .. " and (" .. val .. ")") or val
		return true
	end

	function on_capture_start()
		started = true
		return true
	end

	function on_event()
		sysdig.end_capture()
		matched = true
		return false
	end

	function on_capture_end()
		if not started then
			return
		end
		if not matched then
			print("empty capture or no event matching the filter")
			return
		end
		render(sysdig.get_thread_table(filter))
	end
end

-- The keys of t in ascending order.
function M.ordered(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys)
	return keys
end

return M
