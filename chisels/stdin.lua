-- SPDX-License-Identifier: Apache-2.0
description = "Prints what processes read or write on their standard input (fd 0). Add a filter to follow one process or pid."
short_description = "Print stdin of processes"
category = "I/O"
args = {}

require("sc_common").fd_data(0)
