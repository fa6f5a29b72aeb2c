/*
 * lab-clock: keeps the x86 machine's system clock. Each time a byte arrives on the FIFO
 * /run/lab-clock it reads the RTC and sets the system clock from it, as `hwclock -s` does (the RTC
 * holds UTC), then answers one line on /run/lab-clock.done: 0, or the failing call's errno. The
 * agent asks it after every restore of a saved state: a daemon already running costs the emulated
 * machine no fork and no exec, which hwclock does, and the first ones after a restore are slow.
 *
 * No libc: raw i386 system calls (int $0x80), so the static binary is a few kB in the state.
 * Build: gcc -m32 -static -nostdlib -ffreestanding -Os -fno-pie -no-pie -fno-stack-protector -o lab-clock lab-clock.c -lgcc
 */

#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_open 5
#define SYS_ioctl 54
#define SYS_clock_settime64 404

#define O_RDONLY 0
#define O_RDWR 2
#define EINTR 4
#define EINVAL 22
#define CLOCK_REALTIME 0
/* _IOR('p', 0x09, struct rtc_time): struct rtc_time is nine ints. */
#define RTC_RD_TIME 0x80247009

struct rtc_time {
	int sec, min, hour, mday, mon, year, wday, yday, isdst;
};

struct timespec64 {
	long long sec;
	long long nsec;
};

static long sys(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

static int leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Seconds since 1970-01-01 00:00 UTC of an RTC time, or -1 for a date before 1970 or out of range. */
static long long epoch_seconds(const struct rtc_time *t)
{
	static const short days_before_month[12] = { 0,	  31,  59,  90,	 120, 151,
						     181, 212, 243, 273, 304, 334 };
	int year = t->year + 1900;
	long long days = 0;

	if (year < 1970 || year > 9999 || t->mon < 0 || t->mon > 11 || t->mday < 1 || t->mday > 31)
		return -1;
	for (int y = 1970; y < year; y++)
		days += leap(y) ? 366 : 365;
	days += days_before_month[t->mon] + (t->mon > 1 && leap(year)) + t->mday - 1;
	return ((days * 24 + t->hour) * 60 + t->min) * 60 + t->sec;
}

/* Reads the RTC and sets CLOCK_REALTIME: 0, or a positive errno. */
static int set_clock_from_rtc(void)
{
	struct rtc_time tm;
	struct timespec64 ts;
	long fd = sys(SYS_open, (long)"/dev/rtc0", O_RDONLY, 0);
	long ret;

	if (fd < 0)
		return (int)-fd;
	ret = sys(SYS_ioctl, fd, RTC_RD_TIME, (long)&tm);
	sys(6 /* close */, fd, 0, 0);
	if (ret < 0)
		return (int)-ret;
	ts.sec = epoch_seconds(&tm);
	ts.nsec = 0;
	if (ts.sec < 0)
		return EINVAL;
	ret = sys(SYS_clock_settime64, CLOCK_REALTIME, (long)&ts, 0);
	return ret < 0 ? (int)-ret : 0;
}

__attribute__((force_align_arg_pointer, noreturn)) void _start(void)
{
	long in = sys(SYS_open, (long)"/run/lab-clock", O_RDWR, 0);
	/* O_RDWR on the answer FIFO too: the agent's open for reading never waits for a writer. */
	long out = sys(SYS_open, (long)"/run/lab-clock.done", O_RDWR, 0);

	if (in < 0 || out < 0)
		sys(SYS_exit, 1, 0, 0);
	for (;;) {
		char byte, line[8];
		int len = 0, err;
		char digits[4];
		int n = 0;
		long got = sys(SYS_read, in, (long)&byte, 1);

		if (got == -EINTR)
			continue;
		if (got <= 0)
			sys(SYS_exit, 2, 0, 0);
		err = set_clock_from_rtc();
		do {
			digits[n++] = (char)('0' + err % 10);
			err /= 10;
		} while (err > 0 && n < 4);
		while (n > 0)
			line[len++] = digits[--n];
		line[len++] = '\n';
		sys(SYS_write, out, (long)line, len);
	}
}
