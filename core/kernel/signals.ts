// Signal numbers, names and default actions of Linux on i386.

export const SIGHUP = 1,
	SIGINT = 2,
	SIGQUIT = 3,
	SIGILL = 4,
	SIGTRAP = 5,
	SIGABRT = 6,
	SIGBUS = 7,
	SIGFPE = 8,
	SIGKILL = 9,
	SIGUSR1 = 10,
	SIGSEGV = 11,
	SIGUSR2 = 12,
	SIGPIPE = 13,
	SIGALRM = 14,
	SIGTERM = 15,
	SIGSTKFLT = 16,
	SIGCHLD = 17,
	SIGCONT = 18,
	SIGSTOP = 19,
	SIGTSTP = 20,
	SIGTTIN = 21,
	SIGTTOU = 22,
	SIGURG = 23,
	SIGXCPU = 24,
	SIGXFSZ = 25,
	SIGVTALRM = 26,
	SIGPROF = 27,
	SIGWINCH = 28,
	SIGIO = 29,
	SIGPWR = 30,
	SIGSYS = 31;

export const NSIG = 32;

/** Names without the SIG prefix, indexed by number (as `kill -l` prints them). */
export const signalNames: readonly string[] = [
	'',
	'HUP',
	'INT',
	'QUIT',
	'ILL',
	'TRAP',
	'ABRT',
	'BUS',
	'FPE',
	'KILL',
	'USR1',
	'SEGV',
	'USR2',
	'PIPE',
	'ALRM',
	'TERM',
	'STKFLT',
	'CHLD',
	'CONT',
	'STOP',
	'TSTP',
	'TTIN',
	'TTOU',
	'URG',
	'XCPU',
	'XFSZ',
	'VTALRM',
	'PROF',
	'WINCH',
	'IO',
	'PWR',
	'SYS'
];

/** strsignal(3) texts, as shells print them for a job killed by a signal. */
export const signalDescriptions: readonly string[] = [
	'',
	'Hangup',
	'Interrupt',
	'Quit',
	'Illegal instruction',
	'Trace/breakpoint trap',
	'Aborted',
	'Bus error',
	'Floating point exception',
	'Killed',
	'User defined signal 1',
	'Segmentation fault',
	'User defined signal 2',
	'Broken pipe',
	'Alarm clock',
	'Terminated',
	'Stack fault',
	'Child exited',
	'Continued',
	'Stopped (signal)',
	'Stopped',
	'Stopped (tty input)',
	'Stopped (tty output)',
	'Urgent I/O condition',
	'CPU time limit exceeded',
	'File size limit exceeded',
	'Virtual timer expired',
	'Profiling timer expired',
	'Window changed',
	'I/O possible',
	'Power failure',
	'Bad system call'
];

export type DefaultAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont';

export function defaultAction(sig: number): DefaultAction {
	switch (sig) {
		case SIGCHLD:
		case SIGURG:
		case SIGWINCH:
			return 'ignore';
		case SIGCONT:
			return 'cont';
		case SIGSTOP:
		case SIGTSTP:
		case SIGTTIN:
		case SIGTTOU:
			return 'stop';
		case SIGQUIT:
		case SIGILL:
		case SIGTRAP:
		case SIGABRT:
		case SIGBUS:
		case SIGFPE:
		case SIGSEGV:
		case SIGXCPU:
		case SIGXFSZ:
		case SIGSYS:
			return 'core';
		default:
			return 'term';
	}
}

/** A signal number from `9`, `KILL` or `SIGKILL` (any case), or undefined. */
export function parseSignal(text: string): number | undefined {
	if (/^\d+$/.test(text)) {
		const n = Number(text);
		return n >= 0 && n < NSIG ? n : undefined;
	}
	const name = text.toUpperCase().replace(/^SIG/, '');
	const i = signalNames.indexOf(name);
	return i > 0 ? i : undefined;
}
