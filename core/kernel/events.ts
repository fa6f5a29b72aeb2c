// The syscall event stream: one plain record per system call, for the inspector, checks and strace.

/** Why the kernel refused an operation, recorded by the permission-decision path. */
export interface DenialReason {
	/** What decided: a capability, a context rule, a file mode or attribute, a limit. */
	kind: 'capability' | 'context' | 'ipv4root' | 'mode' | 'attribute' | 'limit' | 'other';
	/** Plain-words explanation, e.g. `CAP_NET_ADMIN is not in the effective set`. */
	text: string;
	/** The capability involved, by its Linux name, when there is one. */
	capability?: string;
	/**
	 * For a missing capability, the deepest set that lacks it: the bounding set (cap_bset, the
	 * ceiling no exec can pass), else the permitted set, else only the effective set.
	 */
	set?: 'bset' | 'permitted' | 'effective';
	/**
	 * For a bit missing from cap_bset: the process and call that removed it (its command line as
	 * it was then). Absent when the boot bounding set never had it (CAP_SETPCAP).
	 */
	removedBy?: BsetDrop;
}

/** One lowering of a bounding set: which bits, by which process and call, and when. */
export interface BsetDrop {
	/** The bits this call took away (those still present before it), as a 32-bit mask. */
	bits: number;
	pid: number;
	/** The caller's command line when it made the call, e.g. `reducecap --secure /bin/sh`. */
	command: string;
	/** The system call, e.g. `new_s_context`. */
	call: string;
	/** Virtual clock (ms) of the call. */
	clock: number;
}

export interface SyscallEvent {
	type: 'syscall';
	/** Sequence number since boot. */
	seq: number;
	/** Virtual clock (ms) when the call completed. */
	clock: number;
	pid: number;
	ctx: number;
	comm: string;
	/** Linux name of the call: `execve`, `bind`, `new_s_context`... */
	name: string;
	/** Arguments decoded as strace would print them. */
	args: string[];
	/** The return value as strace prints it (`3`, `0x0`), or `-1` with `errno`. */
	result: string;
	errno?: string;
	reason?: DenialReason;
}

export interface ProcessEvent {
	type: 'fork' | 'exec' | 'exit';
	seq: number;
	clock: number;
	pid: number;
	ctx: number;
	comm: string;
	/** The child pid for fork, the wait status for exit. */
	value: number;
}

export type KernelEvent = SyscallEvent | ProcessEvent;
