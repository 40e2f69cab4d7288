-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "procs_errors",
	name = "Processes Errors",
	description = "Failed system calls per process, in four groups: file I/O, network I/O, memory and the rest.",
	tips = {"Enter on a process lists its errors; F6 digs into its calls."},
	tags = {"Default"},
	view_type = "table",
	filter = "evt.type!=switch",
	applies_to = {"", "container.id", "fd.name", "fd.containername", "fd.sport", "fd.sproto", "evt.type", "fd.directory", "fd.containerdirectory", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	drilldown_target = "errors",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "proc.pid", is_key = true },
		{ name = "FILE", field = "evt.count.error.file", aggregation = "SUM", colsize = 8, description = "File I/O errors." },
		{ name = "NET", field = "evt.count.error.net", aggregation = "SUM", colsize = 8, description = "Network I/O errors." },
		{ name = "MEMORY", field = "evt.count.error.memory", aggregation = "SUM", colsize = 8, description = "Memory errors." },
		{ name = "OTHER", field = "evt.count.error.other", aggregation = "SUM", colsize = 8, description = "The other errors." },
		{ name = "PID", field = "proc.pid", colsize = 8, description = "The process id." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "Command", field = "proc.exeline", aggregation = "MAX", colsize = 0, description = "Its command line." },
	},
}
