-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "threads",
	name = "Threads",
	description = "One line per thread of the machine or of the selection, with its CPU use and the file and network bytes it moved.",
	tips = {"Drill into a process first to see only its threads."},
	tags = {"Default"},
	view_type = "table",
	filter = "evt.type!=switch",
	applies_to = {"", "proc.pid", "thread.nametid", "proc.name", "container.id", "fd.sport", "fd.sproto", "fd.name", "fd.containername", "fd.directory", "fd.containerdirectory", "evt.res", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	is_root = true,
	drilldown_target = "files",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "thread.tid", is_key = true },
		{ name = "PID", field = "proc.pid", colsize = 8, description = "Its process." },
		{ name = "TID", field = "thread.tid", colsize = 8, description = "The thread id." },
		{ name = "VPID", field = "proc.vpid", colsize = 8, tags = {"containers"} },
		{ name = "VTID", field = "thread.vtid", colsize = 8, tags = {"containers"} },
		{ name = "CPU", field = "thread.cpu", aggregation = "AVG", colsize = 8, is_sorting = true, description = "CPU use, in percent of one CPU." },
		{ name = "FILE", field = "evt.buflen.file", aggregation = "TIME_AVG", colsize = 8, description = "File bytes per second." },
		{ name = "NET", field = "evt.buflen.net", aggregation = "TIME_AVG", colsize = 8, description = "Network bytes per second." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "Command", field = "proc.exeline", aggregation = "MAX", colsize = 0, description = "The command line of its process." },
	},
}
