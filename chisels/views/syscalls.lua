-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "syscalls",
	name = "System Calls",
	description = "The system calls made during the interval: how often, the time spent in all of them and in one on average.",
	tips = {"A high total time with few calls points at waiting; Enter on a call shows who makes it."},
	tags = {"Default"},
	view_type = "table",
	filter = "syscall.type exists",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "proc.name", "thread.tid", "fd.sport", "fd.sproto", "fd.name", "fd.containername", "fd.directory", "fd.containerdirectory", "evt.res", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	drilldown_target = "syscall_procs",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "evt.type", is_key = true },
		{ name = "CALLS/S", field = "evt.count", aggregation = "TIME_AVG", colsize = 10, is_sorting = true, description = "Calls per second." },
		{ name = "TOT TIME", field = "evt.latency", aggregation = "SUM", colsize = 10, description = "Time spent in them." },
		{ name = "AVG TIME", field = "evt.latency", aggregation = "AVG", colsize = 10, description = "Time one call takes, on average." },
		{ name = "SYSCALL", field = "evt.type", aggregation = "SUM", colsize = 32, description = "The call." },
	},
}
