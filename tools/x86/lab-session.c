/*
 * lab-session PROGRAM [ARG...]: what `setsid -c PROGRAM ARG...` does, for lab-login. It starts a new
 * session, makes standard input (the terminal) its controlling terminal and executes PROGRAM, an
 * absolute path, with the arguments and environment it was given. busybox's setsid is one more
 * start of a 2 MB busybox for each login; this start costs the emulated machine a few page faults.
 *
 * No libc: raw i386 system calls (int $0x80), so the static binary is a few kB in the state.
 * Build: gcc -m32 -static -nostdlib -ffreestanding -Os -fno-pie -no-pie -fno-stack-protector -o lab-session lab-session.c -lgcc
 */

#define SYS_exit 1
#define SYS_write 4
#define SYS_execve 11
#define SYS_ioctl 54
#define SYS_setsid 66
#define TIOCSCTTY 0x540E

static long sys(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

static void fail(const char *what)
{
	int len = 0;
	while (what[len])
		len++;
	sys(SYS_write, 2, (long)"lab-session: ", 13);
	sys(SYS_write, 2, (long)what, len);
	sys(SYS_write, 2, (long)"\n", 1);
	sys(SYS_exit, 1, 0, 0);
}

/* Called by _start with the initial stack: argc, argv[0..argc-1], NULL, envp..., NULL. */
__attribute__((used, noreturn)) static void start(long *stack)
{
	long argc = stack[0];
	char **argv = (char **)(stack + 1);
	char **envp = argv + argc + 1;

	if (argc < 2)
		fail("usage: lab-session PROGRAM [ARG...]");
	if (sys(SYS_setsid, 0, 0, 0) < 0)
		fail("setsid failed");
	/* Steal the terminal if another session still has it, as setsid -c does for root. */
	if (sys(SYS_ioctl, 0, TIOCSCTTY, 1) < 0)
		fail("cannot make standard input the controlling terminal");
	sys(SYS_execve, (long)argv[1], (long)(argv + 1), (long)envp);
	fail("cannot execute the program");
	for (;;)
		;
}

/* The entry point: hands the initial stack pointer to start() on a 16-byte aligned stack. */
__asm__(".globl _start\n"
	"_start:\n"
	"	xorl %ebp, %ebp\n"
	"	movl %esp, %eax\n"
	"	andl $-16, %esp\n"
	"	subl $12, %esp\n"
	"	pushl %eax\n"
	"	call start\n"
	"	hlt\n");
