/* SPDX-License-Identifier: Apache-2.0 */
/*
 * System V semaphores: semget (key, count, IPC_CREAT/IPC_EXCL; the mode
 * bits are not shown), semctl (its val only for SETVAL), semop (the first
 * two sembufs, zeros for a missing second one; flags IPC_NOWAIT/SEM_UNDO),
 * and failures on a removed set.
 */
#include "sct.h"

#include <sys/ipc.h>
#include <sys/sem.h>

int main(int argc, char **argv)
{
	struct sembuf ops[2] = { { 0, -1, IPC_NOWAIT }, { 1, 3, SEM_UNDO } };
	struct sembuf one[1] = { { 1, -2, 0 } };
	long id;

	sct_init(argc, argv);
	sct_begin();

	id = syscall(SYS_semget, (long)IPC_PRIVATE, 2L, (long)(IPC_CREAT | IPC_EXCL | 0600));
	SCT_CHECK(id >= 0);
	E("> semget key=0 nsems=2 semflg=24576(IPC_EXCL|IPC_CREAT)");
	E("< semget res=%ld", id);

	SCT_CHECK(syscall(SYS_semctl, id, 0L, (long)SETVAL, 5L) == 0);
	E("> semctl semid=%ld semnum=0 cmd=4096(SETVAL) val=5", id);
	E("< semctl res=0");
	SCT_CHECK(syscall(SYS_semctl, id, 0L, (long)GETVAL, 0L) == 5);
	E("> semctl semid=%ld semnum=0 cmd=512(GETVAL) val=0", id);
	E("< semctl res=5");

	SCT_CHECK(syscall(SYS_semop, id, ops, 2L) == 0);
	E("> semop semid=%ld", id);
	E("< semop res=0 nsops=2 sem_num_0=0 sem_op_0=-1 sem_flg_0=1(IPC_NOWAIT) "
	  "sem_num_1=1 sem_op_1=3 sem_flg_1=2(SEM_UNDO)");
	SCT_CHECK(syscall(SYS_semop, id, one, 1L) == 0);
	E("> semop semid=%ld", id);
	E("< semop res=0 nsops=1 sem_num_0=1 sem_op_0=-2 sem_flg_0=0 "
	  "sem_num_1=0 sem_op_1=0 sem_flg_1=0");

	SCT_CHECK(syscall(SYS_semctl, id, 0L, (long)IPC_RMID, 0L) == 0);
	E("> semctl semid=%ld semnum=0 cmd=4(IPC_RMID) val=0", id);
	E("< semctl res=0");
	SCT_CHECK(syscall(SYS_semop, id, one, 1L) == -1 && errno == EINVAL);
	E("> semop semid=%ld", id);
	E("< semop res=-22(EINVAL) nsops=1 sem_num_0=1 sem_op_0=-2 sem_flg_0=0 "
	  "sem_num_1=0 sem_op_1=0 sem_flg_1=0");

	sct_end();
	return 0;
}
