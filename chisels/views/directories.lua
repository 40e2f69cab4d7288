-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "directories",
	name = "Directories",
	description = "The directories whose files were used during the interval, with the bytes, operations, opens and errors of all their files together.",
	tips = {"Enter on a directory lists its files."},
	tags = {"Default"},
	view_type = "table",
	filter = "(fd.type=file or fd.type=directory) and fd.name!=''",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "proc.name", "thread.tid", "fd.sport", "fd.sproto", "evt.res", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	drilldown_target = "files",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "fd.directory", is_key = true, tags = {"default"} },
		{ name = "NA", field = "fd.containerdirectory", is_key = true, tags = {"containers"} },
		{ name = "BYTES IN", field = "evt.buflen.file.in", aggregation = "SUM", colsize = 12, description = "Bytes read." },
		{ name = "BYTES OUT", field = "evt.buflen.file.out", aggregation = "SUM", colsize = 12, description = "Bytes written." },
		{ name = "OPS", field = "evt.count.exit", aggregation = "SUM", colsize = 9, is_sorting = true, description = "System calls on its files." },
		{ name = "OPENS", field = "evt.type.is.3", aggregation = "SUM", colsize = 9, description = "Opens of its files." },
		{ name = "ERRORS", field = "evt.count.error", aggregation = "SUM", colsize = 9, description = "Failed calls on its files." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "DIRNAME", field = "fd.directory", colsize = 0, description = "The directory." },
	},
}
