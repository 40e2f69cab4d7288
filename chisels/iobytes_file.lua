-- SPDX-License-Identifier: Apache-2.0
description = "Adds up the bytes read from and written to files and prints the totals once a second."
short_description = "Sum of file I/O bytes"
category = "I/O"
args = {}

require("sc_common").io_totals("evt.is_io=true and fd.type=file")
