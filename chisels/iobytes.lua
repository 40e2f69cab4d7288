-- SPDX-License-Identifier: Apache-2.0
description = "Adds up the bytes read and written on every kind of file descriptor (files, sockets, pipes ...) and prints the totals once a second."
short_description = "Sum of I/O bytes on any type of FD"
category = "I/O"
args = {}

require("sc_common").io_totals("evt.is_io=true")
