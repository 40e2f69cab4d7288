-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "files",
	name = "Files",
	description = "The files used during the interval, with the bytes read and written, the operations, the opens and the errors on each.",
	tips = {"Drill into a process first to see only its files; Enter on a file shows who uses it."},
	tags = {"Default"},
	view_type = "table",
	filter = "(fd.type=file or fd.type=directory) and fd.name!=''",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "proc.name", "thread.tid", "fd.sport", "fd.sproto", "fd.directory", "fd.containerdirectory", "fd.containerdirectory", "evt.res", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "fd.name", is_key = true, tags = {"default"} },
		{ name = "NA", field = "fd.containername", is_key = true, tags = {"containers"} },
		{ name = "BYTES IN", field = "evt.buflen.file.in", aggregation = "SUM", colsize = 12, description = "Bytes read." },
		{ name = "BYTES OUT", field = "evt.buflen.file.out", aggregation = "SUM", colsize = 12, description = "Bytes written." },
		{ name = "OPS", field = "evt.count.exit", aggregation = "SUM", colsize = 9, is_sorting = true, description = "System calls on it." },
		{ name = "OPENS", field = "evt.type.is.3", aggregation = "SUM", colsize = 9, description = "Times it was opened." },
		{ name = "ERRORS", field = "evt.count.error", aggregation = "SUM", colsize = 9, description = "Calls on it that failed." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "FILENAME", field = "fd.name", colsize = 0, description = "The file's path." },
	},
	actions = {
		{ hotkey = "l", command = "less %fd.name", description = "less" },
	},
}
