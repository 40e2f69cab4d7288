-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "io_by_type",
	name = "I/O by Type",
	description = "I/O by the kind of fd it went through: file, directory, ipv4, ipv6, unix, pipe, event, signal, inotify ...",
	tips = {"Apply it to a process to see what kind of I/O it does."},
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "proc.name", "thread.tid", "fd.sport", "fd.sproto", "evt.res", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "fd.type", is_key = true },
		{ name = "BPS IN", field = "evt.buflen.in", aggregation = "TIME_AVG", colsize = 12, description = "Bytes read per second." },
		{ name = "BPS OUT", field = "evt.buflen.out", aggregation = "TIME_AVG", colsize = 12, description = "Bytes written per second." },
		{ name = "IOPS", field = "evt.count", aggregation = "TIME_AVG", colsize = 9, is_sorting = true, description = "Operations per second." },
		{ name = "TIME", field = "evt.latency", aggregation = "SUM", colsize = 9, description = "Time spent in them." },
		{ name = "I/O Type", field = "fd.type", aggregation = "SUM", colsize = 0, description = "The kind of fd." },
	},
}
