-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "spy_users",
	name = "Spy Users",
	description = "The commands people run, as they run them: every program started and every directory a shell moves to.",
	tags = {"Default"},
	view_type = "list",
	filter = "((evt.type=execve and evt.dir=<) or (evt.type=chdir and evt.dir=< and proc.name contains sh and not proc.name contains sshd)) and evt.failed=false",
	applies_to = {"", "container.id", "proc.pid", "thread.nametid", "thread.tid", "proc.name", "k8s.pod.id", "k8s.rc.id", "k8s.rs.id", "k8s.svc.id", "k8s.ns.id", "marathon.app.id", "marathon.group.name", "mesos.task.id", "mesos.framework.name"},
	use_defaults = true,
	columns = {
		{ name = "TIME", field = "evt.time", colsize = 12, description = "When." },
		{ name = "USER", field = "user.name", colsize = 12, description = "Who." },
		{ name = "SHELL", field = "proc.ppid", colsize = 8, description = "The parent (the shell) process id." },
		{ name = "Container", field = "container.name", colsize = 20, tags = {"containers"} },
		{ name = "Command", field = "proc.exeline", colsize = 0, description = "What was run." },
	},
}
