-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "syscall_procs",
	name = "Syscall Callers",
	description = "The processes making a system call (drilled into from System Calls): how often and for how long.",
	tags = {"Default"},
	view_type = "table",
	filter = "syscall.type exists",
	applies_to = {"evt.type"},
	use_defaults = true,
	columns = {
		{ name = "NA", field = "proc.pid", is_key = true },
		{ name = "CALLS/S", field = "evt.count", aggregation = "TIME_AVG", colsize = 10, is_sorting = true, description = "Calls per second." },
		{ name = "TIME", field = "evt.latency", aggregation = "SUM", colsize = 10, description = "Time spent in them." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "Command", field = "proc.exeline", aggregation = "MAX", colsize = 0, description = "The caller." },
	},
}
