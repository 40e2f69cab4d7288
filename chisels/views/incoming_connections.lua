-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "incoming_connections",
	name = "New Connections",
	description = "Every connection accepted, as it happens.",
	tags = {"Default"},
	view_type = "list",
	filter = "evt.type=accept and evt.dir=< and evt.failed=false",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "thread.tid", "proc.name", "fd.name", "fd.containername", "fd.sport", "fd.sproto", "fd.dport", "fd.port", "fd.lport", "fd.rport", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	columns = {
		{ name = "TIME", field = "evt.time", colsize = 19, description = "When." },
		{ name = "Connection", field = "fd.name", colsize = 40, description = "Both ends." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "Command", field = "proc.exeline", colsize = 0, description = "The process that accepted it." },
	},
}
