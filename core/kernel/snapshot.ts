// KernelSnapshot v1: the whole-kernel view for the inspector, checks and the runner's --json.
// Plain data only; capability sets are 16-hex-digit strings exactly as /proc prints them.

export interface ProcessView {
	pid: number;
	ppid: number;
	pgid: number;
	sid: number;
	comm: string;
	args: string[];
	/** Linux state letter: R running, S sleeping, T stopped, Z zombie. */
	state: string;
	uid: number;
	euid: number;
	suid: number;
	fsuid: number;
	gid: number;
	egid: number;
	ctx: number;
	capEff: string;
	capPrm: string;
	capInh: string;
	capBset: string;
	ipv4root: { ip: string; mask: string }[];
	bcast: string;
	chroot: string;
	cwd: string;
	/** Controlling terminal, e.g. `pts/0`, or `?`. */
	tty: string;
}

export interface ContextView {
	id: number;
	flags: string[];
	hostname: string;
	domainname: string;
	initpid: number | null;
	procCount: number;
	/** The context's process limit (nproc flag), or null when unlimited. */
	nproc: number | null;
}

export interface SocketView {
	proto: string;
	local: string;
	remote: string;
	state: string;
	pid: number;
	ctx: number;
}

export interface InterfaceView {
	name: string;
	addr: string;
	mask: string;
	bcast: string;
	up: boolean;
}

export interface KernelSnapshot {
	version: 1;
	/** Virtual clock in milliseconds since boot. */
	clock: number;
	processes: ProcessView[];
	contexts: ContextView[];
	sockets: SocketView[];
	interfaces: InterfaceView[];
	mounts: { source: string; target: string; type: string }[];
	terminals: { id: number; tty: string; label: string }[];
}
