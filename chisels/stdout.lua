-- SPDX-License-Identifier: Apache-2.0
description = "Prints what processes read or write on their standard output (fd 1). Add a filter to follow one process or pid."
short_description = "Print stdout of processes"
category = "I/O"
args = {}

require("sc_common").fd_data(1)
