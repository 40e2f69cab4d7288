# SPDX-License-Identifier: Apache-2.0
# Latency and names of stand-in callers of clone.
P=64000
rd(P,0)
ev(P,'SYSCALL_CLONE_20_E'); clone(P,'SYSCALL_CLONE_20_X',P+1,P,1,'c',0)
rd(P,0)
ev(P,'SYSCALL_CLONE_20_E'); clone(P,'SYSCALL_CLONE_20_X',P+2,P,1,'d',0)
rd(P,0)
Q=64100
ev(Q,'SYSCALL_CLONE_20_E'); clone(Q,'SYSCALL_CLONE_20_X',Q+1,Q,1,'e',0x2000|1)
rd(Q,0)
R=64200
execve(R,R,1,'/x','x','x')
ev(R,'SYSCALL_CLONE_20_E'); clone(R,'SYSCALL_CLONE_20_X',R+1,R,1,'f',0)
