-- SPDX-License-Identifier: Apache-2.0
description = "Adds up the bytes received from and sent to the network and prints the totals once a second."
short_description = "Show total network I/O bytes"
category = "Net"
args = {}

require("sc_common").io_totals("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)")
