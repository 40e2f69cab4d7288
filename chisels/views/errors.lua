-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "errors",
	name = "Errors",
	description = "The errors system calls returned during the interval, by errno, the most frequent first.",
	tips = {"Enter on an error shows the processes that got it."},
	tags = {"Default"},
	view_type = "table",
	filter = "evt.res != SUCCESS",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "proc.name", "thread.tid", "fd.sport", "fd.sproto", "fd.directory", "fd.containerdirectory", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	drilldown_target = "procs_errors",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "evt.res", is_key = true },
		{ name = "COUNT", field = "evt.count", aggregation = "SUM", colsize = 12, is_sorting = true, description = "How many times." },
		{ name = "ERROR", field = "evt.res", colsize = 0, description = "The errno name." },
	},
}
