/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Memory: mmap (anonymous and of a file), mprotect, munmap and brk, with
 * the addresses the kernel chose printed as sysdig prints them (upper-case
 * hex). The memory counters each exit carries are left open.
 */
#include "sct.h"

#include <sys/mman.h>

#define VM " vm_size={*} vm_rss={*} vm_swap={*}"

int main(int argc, char **argv)
{
	char path[512];
	const char *dir;
	unsigned long a, f, cur, want;
	long fd;

	sct_init(argc, argv);
	dir = sct_tmpdir("mem");
	snprintf(path, sizeof(path), "%s/m", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4096) != 0)
		sct_exit(SCT_HARD, "cannot set up %s", path);

	sct_begin();

	a = (unsigned long)syscall(SYS_mmap, NULL, 8192, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1L, 0);
	SCT_CHECK((void *)a != MAP_FAILED);
	E("> mmap addr=0 length=8192 prot=3(PROT_READ|PROT_WRITE) flags=10(MAP_PRIVATE|MAP_ANONYMOUS) fd=-1(EPERM) offset=0");
	E("< mmap res=%lX" VM, a);
	SCT_CHECK(syscall(SYS_mprotect, a, 4096, PROT_READ) == 0);
	E("> mprotect addr=%lX length=4096 prot=1(PROT_READ)", a);
	E("< mprotect res=0");
	SCT_CHECK(syscall(SYS_munmap, a, 8192) == 0);
	E("> munmap addr=%lX length=8192", a);
	E("< munmap res=0" VM);

	f = (unsigned long)syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	SCT_CHECK((void *)f != MAP_FAILED);
	E("> mmap addr=0 length=4096 prot=1(PROT_READ) flags=1(MAP_SHARED) fd=%ld(<f>%s) offset=0", fd, path);
	E("< mmap res=%lX" VM, f);
	SCT_CHECK(syscall(SYS_munmap, f + 1, 4096) == -1 && errno == EINVAL);
	E("> munmap addr=%lX length=4096", f + 1);
	E("< munmap res=-22(EINVAL)" VM);
	SCT_CHECK(syscall(SYS_munmap, f, 4096) == 0);
	E("> munmap addr=%lX length=4096", f);
	E("< munmap res=0" VM);

	cur = (unsigned long)syscall(SYS_brk, 0);
	E("> brk addr=0");
	E("< brk res=%lX" VM, cur);
	want = cur + 4 * 4096;
	SCT_CHECK((unsigned long)syscall(SYS_brk, want) == want);
	E("> brk addr=%lX", want);
	E("< brk res=%lX" VM, want);
	SCT_CHECK((unsigned long)syscall(SYS_brk, cur) == cur);
	E("> brk addr=%lX", cur);
	E("< brk res=%lX" VM, cur);

	sct_end();
	close(fd);
	unlink(path);
	rmdir(dir);
	return 0;
}
