-- SPDX-License-Identifier: Apache-2.0
-- A csyscope view: plain data read by tui/view.c (no code runs but this table).
view_info = {
	id = "port_bindings",
	name = "Port bindings",
	description = "Ports being bound and released, as it happens.",
	tags = {"default"},
	view_type = "list",
	filter = "(evt.type=bind and evt.dir=< and (fd.type=ipv4 or fd.type=ipv6)) or (evt.type=close and evt.dir=> and fd.typechar=2 and fd.type=ipv4)",
	applies_to = {""},
	use_defaults = true,
	columns = {
		{ name = "TIME", field = "evt.time", colsize = 12, description = "When." },
		{ name = "OPERATION", field = "evt.type", colsize = 24, description = "bind or close." },
		{ name = "PORT", field = "fd.sport", colsize = 24, description = "The port." },
		{ name = "Command", field = "proc.exeline", colsize = 0, description = "The process." },
	},
}
