-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "connections",
	name = "Connections",
	description = "The network connections that carried data during the interval: both ends, the bandwidth each way and the operations per second.",
	tips = {"Drill into a process or a port first to narrow the list."},
	tags = {"Default"},
	view_type = "table",
	filter = "(fd.type=ipv4 or fd.type=ipv6) and fd.name!=''",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "proc.name", "thread.tid", "fd.sport", "fd.sproto", "fd.dport", "fd.dproto", "fd.port", "fd.proto", "fd.lport", "fd.rport", "evt.res", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	drilldown_target = "incoming_connections",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "fd.name", is_key = true, tags = {"default"} },
		{ name = "NA", field = "fd.containername", is_key = true, tags = {"containers"} },
		{ name = "L4PROTO", field = "fd.l4proto", colsize = 8, description = "tcp, udp ..." },
		{ name = "LIP", field = "fd.lip", colsize = 17, description = "Local address." },
		{ name = "LPORT", field = "fd.lport", colsize = 8, description = "Local port." },
		{ name = "RIP", field = "fd.rip", colsize = 17, description = "Remote address." },
		{ name = "RPORT", field = "fd.rport", colsize = 8, description = "Remote port." },
		{ name = "BPS IN", field = "evt.buflen.net.in", aggregation = "TIME_AVG", colsize = 12, is_sorting = true, description = "Bytes received per second." },
		{ name = "BPS OUT", field = "evt.buflen.net.out", aggregation = "TIME_AVG", colsize = 12, description = "Bytes sent per second." },
		{ name = "IOPS", field = "evt.count", aggregation = "TIME_AVG", colsize = 12, description = "Operations per second." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "Command", field = "proc.exeline", aggregation = "MAX", colsize = 0, description = "The process using it." },
	},
}
