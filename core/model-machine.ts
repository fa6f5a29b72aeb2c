// The model backend of the Machine interface: a Kernel booted with the image, driven by an event
// loop pump, whose state is its boot options plus the input log (replayed to restore).
import type {
	BootOptions,
	ExecOptions,
	ExecResult,
	LogEntry,
	Machine,
	SavedState,
	SettleResult,
	TerminalInfo,
	TerminalOptions
} from './machine.ts';
import type { KernelEvent } from './kernel/events.ts';
import type { KernelSnapshot } from './kernel/snapshot.ts';
import { Kernel } from './kernel/kernel.ts';
import { isErrno } from './kernel/errno.ts';
import { O_RDONLY, O_WRONLY } from './kernel/file.ts';
import type { Process } from './kernel/process.ts';
import { userCreds, rootCreds } from './kernel/process.ts';
import type { Tty } from './kernel/tty.ts';
import type { PtyMaster } from './kernel/pty.ts';
import { attachSyscalls, fromBytes } from './syscalls/index.ts';
import { installNet, Segment } from './kernel/net/index.ts';
import { formatIp, parseIp } from './kernel/net/ipv4root.ts';
import { enterContext } from './kernel/context.ts';
import { loadLater } from './kernel/later-switch.ts';
import { buildImage, defaultUsers, type ImageUser } from './image/index.ts';

/** 2003-03-01 12:00:00 UTC: the model's date at boot, fixed so transcripts are reproducible. */
export const BOOT_TIME = 1046520000;
/** Wall time one pump may hold the event loop before yielding (ms). */
const PUMP_BUDGET_MS = 8;
/** How often the browser's wall clock is sampled while a timer is pending (ms). */
const WALL_TICK_MS = 20;
/** Bytes of output kept per terminal for a listener that attaches late. */
const BACKLOG_LIMIT = 256 * 1024;
/** How long `exec` lets a command run, in virtual time (ms). */
const EXEC_LIMIT_MS = 60_000;

/** One machine on the segment: `main` (the learner's first) and, when asked for, `backup`. */
interface Host {
	name: string;
	k: Kernel;
}

interface Terminal {
	id: number;
	host: Host;
	tty: Tty;
	label: string;
	user: string;
	/** The login shell of a terminal the page opened; null for a pane a program opened. */
	shell: Process | null;
	open: boolean;
	backlog: string;
	listeners: Set<(chunk: Uint8Array) => void>;
}

interface SettleWait {
	id: number;
	deadline: number;
	resolve: (r: SettleResult) => void;
}

/** Boot options with every default filled in (the run level stays init's own choice). */
export type FullBoot = Required<Omit<BootOptions, 'runlevel'>> & Pick<BootOptions, 'runlevel'>;

export function defaultBoot(opts: BootOptions = {}): FullBoot {
	return {
		...(opts.runlevel ? { runlevel: opts.runlevel } : {}),
		hostname: opts.hostname ?? 'main',
		domainname: opts.domainname ?? 'example.org',
		eth0: opts.eth0 ?? '192.168.1.1/24',
		users: opts.users ?? [],
		hosts: opts.hosts ?? [],
		seed: opts.seed ?? 1,
		clock: opts.clock ?? 'jump',
		setup: opts.setup ?? '',
		kernel: opts.kernel ?? 'ctx-17'
	};
}

const macrotask: () => Promise<void> =
	typeof setImmediate === 'function'
		? () => new Promise((r) => setImmediate(r))
		: () => {
				const ch = new MessageChannel();
				return new Promise((r) => {
					ch.port1.onmessage = () => {
						ch.port1.close();
						r();
					};
					ch.port2.postMessage(0);
				});
			};

function encode(data: string): Uint8Array {
	const a = new Uint8Array(data.length);
	for (let i = 0; i < data.length; i++) a[i] = data.charCodeAt(i) & 0xff;
	return a;
}

/**
 * eth0 of the `n`th extra host (1-based): the next addresses after main's, same prefix
 * (`backup` is 192.168.1.2/24 beside main's 192.168.1.1/24, as the fixed facts say).
 */
export function extraHostAddress(eth0: string, n: number): string {
	const [ip, len] = eth0.split('/');
	const base = parseIp(ip ?? '') ?? parseIp('192.168.1.1')!;
	return `${formatIp((base + n) >>> 0)}/${len ?? '24'}`;
}

export class ModelMachine implements Machine {
	readonly backend = 'model' as const;
	private boot: FullBoot;
	/** The first machine's kernel (`main`): setup, exec, inspect and events are its. */
	private k!: Kernel;
	/** Every machine on the segment, main first; their schedulers take turns slice by slice. */
	private hosts: Host[] = [];
	private users: ImageUser[] = [];
	private log: LogEntry[] = [];
	private terms = new Map<number, Terminal>();
	private settles: SettleWait[] = [];
	private pumping = false;
	private inSlice = false;
	private queued: LogEntry[] = [];
	private sliceWaiters: (() => void)[] = [];
	private disposed = false;
	private replaying = false;
	private wallBase = 0;
	private wallTimer: ReturnType<typeof setInterval> | null = null;
	/** Extra jump limit while `exec` waits on a throwaway copy (µs). */
	private execDeadline: number | null = null;
	private logListeners = new Set<(e: LogEntry) => void>();
	private termListeners = new Set<(t: TerminalInfo[]) => void>();
	private eventListeners = new Set<(e: KernelEvent) => void>();
	/** What the boot's setup script printed and returned; null when there was none. */
	setupResult: ExecResult | null = null;

	private constructor(boot: BootOptions) {
		this.boot = defaultBoot(boot);
	}

	/** Boots a fresh machine (and replays `log`, if given). */
	static async create(boot: BootOptions = {}, log: LogEntry[] = []): Promise<ModelMachine> {
		const m = new ModelMachine(boot);
		await m.start(log);
		return m;
	}

	/** The kernel, for tests and the runner's diagnostics. */
	get kernel(): Kernel {
		return this.k;
	}

	private async start(log: LogEntry[]): Promise<void> {
		this.stopWall();
		this.terms.clear();
		this.log = [];
		// The later kernel's pieces are a chunk of their own, fetched before such a machine boots.
		if (this.boot.kernel === 'later') await loadLater();
		const b = this.boot;
		this.users = [
			...defaultUsers,
			...b.users.map((u) => ({
				...u,
				gid: u.uid,
				home: `/home/${u.name}`,
				shell: '/bin/bash',
				gecos: ''
			}))
		];
		const segment = new Segment();
		this.hosts = [b.hostname, ...b.hosts].map((name, i) => ({
			name,
			k: this.bootKernel(name, i === 0 ? b.eth0 : extraHostAddress(b.eth0, i), b.seed + i, segment)
		}));
		this.k = this.hosts[0]!.k;
		for (const l of this.eventListeners) this.k.onEvent(l);
		await this.drain();
		// The setup belongs to the boot: it runs before any log entry, so every replay repeats it.
		this.setupResult = null;
		if (b.setup) {
			this.setupResult = await this.run({ command: b.setup });
			await this.drain();
		}
		if (log.length > 0) await this.replay(log);
		this.wallBase = nowMs() - this.k.clock / 1000;
		if (b.clock === 'wall') this.startWall();
	}

	/** A kernel booted with the image, on `segment`, its init started. */
	private bootKernel(hostname: string, eth0: string, seed: number, segment: Segment): Kernel {
		const b = this.boot;
		const k = new Kernel({
			hostname,
			domainname: b.domainname,
			seed,
			bootTime: BOOT_TIME,
			later: b.kernel === 'later'
		});
		attachSyscalls(k);
		installNet(k, { eth0, segment });
		buildImage(k, { hostname, domainname: b.domainname, users: this.users });
		k.display = (master, proc) => this.showPane(k, master, proc);
		const initArgv = b.runlevel ? ['init', b.runlevel] : ['init'];
		k.spawnInit('/sbin/init', initArgv, { PATH: '/sbin:/bin:/usr/sbin:/usr/bin' });
		return k;
	}

	/** Slices run so far by every machine: the stamp of log entries (main's own count when alone). */
	private get slices(): number {
		let n = 0;
		for (const h of this.hosts) n += h.k.slice;
		return n;
	}

	private get runnable(): boolean {
		return this.hosts.some((h) => h.k.runnable);
	}

	private nextTimer(): number | null {
		let next: number | null = null;
		for (const h of this.hosts) {
			const t = h.k.nextTimer();
			if (t !== null && (next === null || t < next)) next = t;
		}
		return next;
	}

	private advanceClock(to: number): void {
		for (const h of this.hosts) h.k.advanceClock(to);
	}

	/**
	 * One slice of one machine. The machines take turns by the slice count (so a replay takes
	 * the same turns), and after it the others' clocks catch up: one virtual time for all.
	 */
	private async step(): Promise<boolean> {
		const n = this.hosts.length;
		if (n === 1) return this.k.runSlice();
		const first = this.slices % n;
		for (let i = 0; i < n; i++) {
			const h = this.hosts[(first + i) % n]!;
			if (!(await h.k.runSlice())) continue;
			for (const o of this.hosts) if (o !== h) o.k.advanceClock(h.k.clock);
			return true;
		}
		return false;
	}

	/** Runs slices until nothing is runnable (boot and replay: no clock jumps, no ticks). */
	private async drain(untilSlice = Infinity): Promise<void> {
		let t0 = nowMs();
		while (this.slices < untilSlice && (await this.step())) {
			if (nowMs() - t0 > PUMP_BUDGET_MS * 4) {
				await macrotask();
				t0 = nowMs();
			}
		}
	}

	private async replay(log: LogEntry[]): Promise<void> {
		this.replaying = true;
		try {
			for (const e of log) {
				await this.drain(e.slice);
				this.apply(e);
			}
			await this.drain();
		} finally {
			this.replaying = false;
		}
	}

	/** Applies one input entry to the kernel and records it in the log. */
	private apply(e: LogEntry): void {
		const entry = { ...e, slice: this.slices } as LogEntry;
		this.log.push(entry);
		if (!this.replaying) for (const l of this.logListeners) l(entry);
		switch (entry.op) {
			case 'open':
				this.spawnTerminal(entry.opts);
				break;
			case 'input': {
				const t = this.terms.get(entry.id);
				if (t && t.open) t.tty.input(entry.data);
				break;
			}
			case 'resize': {
				const t = this.terms.get(entry.id);
				if (t) t.tty.resize(entry.cols, entry.rows);
				break;
			}
			case 'tick':
				this.advanceClock(entry.clock);
				break;
		}
	}

	/** The machine a terminal logs in to: by host name; `main` is always the first machine. */
	private hostOf(name: string | undefined): Host | null {
		if (name === undefined || name === 'main') return this.hosts[0]!;
		return this.hosts.find((h) => h.name === name) ?? null;
	}

	private spawnTerminal(opts: TerminalOptions): number {
		const id = this.terms.size + 1;
		const user = this.users.find((u) => u.name === opts.user) ?? this.users[0]!;
		const host = this.hostOf(opts.host) ?? this.hosts[0]!;
		const k = host.k;
		const term: Partial<Terminal> & { listeners: Set<(c: Uint8Array) => void>; backlog: string } = {
			id,
			host,
			user: user.name,
			open: true,
			backlog: '',
			listeners: new Set()
		};
		const tty = k.openPty((data) => this.output(term as Terminal, data));
		tty.resize(opts.cols, opts.rows);
		const init = k.procs.get(1)!;
		const file = k.ttyFile(tty);
		const home = k.lookup(user.home) ?? k.root;
		const env: Record<string, string> = {
			HOME: user.home,
			USER: user.name,
			LOGNAME: user.name,
			SHELL: user.shell,
			TERM: 'xterm',
			PATH:
				user.uid === 0
					? '/usr/sbin:/sbin:/usr/bin:/bin:/usr/X11R6/bin'
					: '/usr/bin:/bin:/usr/X11R6/bin',
			HOSTNAME: `${k.hostname}.${k.domainname}`,
			MAIL: `/var/spool/mail/${user.name}`
		};
		const shell = k.spawn({
			parent: init,
			path: user.shell,
			argv: ['-bash'],
			env,
			creds: user.uid === 0 ? rootCreds() : userCreds(user.uid, user.gid),
			files: [file, file, file],
			tty,
			cwd: home
		});
		if (isErrno(shell)) throw new Error(`cannot start a login shell: ${shell.name}`);
		// As root in context 0 would with chcontext --ctx N, before the shell runs its first line.
		if (opts.ctx) enterContext(k, shell, opts.ctx);
		term.tty = tty;
		term.shell = shell;
		term.label = `${user.name}@${k.hostname}, context ${opts.ctx ?? 0}`;
		this.terms.set(id, term as Terminal);
		k.ptyMasters.set(tty.index, { tty, label: term.label, id });
		k.exitHooks.push((p) => {
			if (p === shell) {
				(term as Terminal).open = false;
				tty.hangup();
				this.notifyTerminals();
			}
		});
		this.notifyTerminals();
		return id;
	}

	/** A program (the model's xterm) asks for a window: a new pane on its pty master. */
	private showPane(k: Kernel, master: PtyMaster, proc: Process): boolean {
		const id = this.terms.size + 1;
		const user = this.users.find((u) => u.uid === proc.creds.uid)?.name ?? String(proc.creds.uid);
		const term: Terminal = {
			id,
			host: this.hosts.find((h) => h.k === k) ?? this.hosts[0]!,
			tty: master.tty,
			label: `${user}@${k.hostname}, context ${proc.ctx}`,
			user,
			shell: null,
			open: true,
			backlog: '',
			listeners: new Set()
		};
		this.terms.set(id, term);
		k.ptyMasters.set(master.tty.index, { tty: master.tty, label: term.label, id });
		const pending = master.buffer;
		master.buffer = '';
		master.display = (data) => this.output(term, data);
		if (pending) this.output(term, pending);
		master.onClose = () => {
			term.open = false;
			this.notifyTerminals();
		};
		this.notifyTerminals();
		return true;
	}

	private output(t: Terminal, data: string): void {
		t.backlog += data;
		if (t.backlog.length > BACKLOG_LIMIT) t.backlog = t.backlog.slice(-BACKLOG_LIMIT / 2);
		if (t.listeners.size === 0) return;
		const bytes = encode(data);
		for (const l of t.listeners) l(bytes);
	}

	private notifyTerminals(): void {
		const list = this.terminalList();
		for (const l of this.termListeners) l(list);
	}

	private terminalList(): TerminalInfo[] {
		return [...this.terms.values()].map((t) => ({
			id: t.id,
			tty: `/dev/${t.tty.name}`,
			label: t.label,
			open: t.open
		}));
	}

	/** Records and applies an input, then lets the machine run. */
	private input_(e: LogEntry): void {
		if (this.disposed) return;
		if (this.boot.clock === 'wall') this.wallTick();
		this.submit(e);
		this.pump();
	}

	/**
	 * Inputs apply between slices only. A slice can span event-loop turns (a program waiting for
	 * its lazily loaded module), and a key applied in the middle of one could not be replayed at
	 * the same point; so it waits for the slice to end and is stamped there.
	 */
	private submit(e: LogEntry): void {
		if (this.inSlice) this.queued.push(e);
		else this.apply(e);
	}

	/** Runs one slice, then applies what arrived during it. */
	private async runSlice(): Promise<boolean> {
		this.inSlice = true;
		try {
			return await this.step();
		} finally {
			this.inSlice = false;
			const queued = this.queued;
			this.queued = [];
			for (const e of queued) this.apply(e);
			const waiters = this.sliceWaiters;
			this.sliceWaiters = [];
			for (const w of waiters) w();
		}
	}

	// ---- Clock ---------------------------------------------------------------------------------

	private startWall(): void {
		this.wallTimer = setInterval(() => {
			if (this.nextTimer() !== null) this.wallTick();
		}, WALL_TICK_MS);
	}

	private stopWall(): void {
		if (this.wallTimer !== null) clearInterval(this.wallTimer);
		this.wallTimer = null;
	}

	private wallTick(): void {
		const to = Math.floor((nowMs() - this.wallBase) * 1000);
		if (to > this.k.clock) {
			this.submit({ slice: 0, op: 'tick', clock: to });
			this.pump();
		}
	}

	/** The furthest the clock may jump now (µs): the nearest deadline someone waits on. */
	private jumpCap(): number | null {
		let cap: number | null = this.execDeadline;
		for (const s of this.settles) if (cap === null || s.deadline < cap) cap = s.deadline;
		return cap;
	}

	// ---- The pump ------------------------------------------------------------------------------

	private pump(): void {
		if (this.pumping || this.disposed) return;
		this.pumping = true;
		void this.loop();
	}

	private async loop(): Promise<void> {
		try {
			for (;;) {
				const t0 = nowMs();
				while (this.runnable && nowMs() - t0 < PUMP_BUDGET_MS) {
					await this.runSlice();
					if (this.settles.length > 0 && this.checkSettles()) break;
				}
				this.checkSettles();
				if (this.disposed) return;
				if (this.runnable) {
					await macrotask();
					continue;
				}
				if (this.boot.clock === 'jump') {
					const cap = this.jumpCap();
					if (cap !== null) {
						const next = this.nextTimer();
						const to = next !== null ? Math.min(next, cap) : cap;
						if (to > this.k.clock) {
							this.apply({ slice: 0, op: 'tick', clock: to });
							continue;
						}
					}
				}
				break;
			}
		} finally {
			this.pumping = false;
		}
		this.checkSettles();
	}

	/** Resolves the settle waits that are over; true if any was. */
	private checkSettles(): boolean {
		let any = false;
		this.settles = this.settles.filter((s) => {
			const t = this.terms.get(s.id);
			let r: SettleResult | null = null;
			if (!t || !t.open) r = 'exited';
			else if (!this.inSlice && !this.runnable && t.host.k.readingTty(t.tty)) r = 'idle';
			else if (this.k.clock >= s.deadline) r = 'bound';
			if (r) {
				any = true;
				s.resolve(r);
				return false;
			}
			return true;
		});
		return any;
	}

	// ---- Machine -------------------------------------------------------------------------------

	async openTerminal(opts: TerminalOptions): Promise<number> {
		if (!this.hostOf(opts.host)) throw new Error(`no host named ${opts.host} on this machine`);
		if (this.inSlice) await new Promise<void>((r) => this.sliceWaiters.push(r));
		if (this.boot.clock === 'wall') this.wallTick();
		this.apply({ slice: 0, op: 'open', opts: { ...opts } });
		this.pump();
		return this.terms.size;
	}

	input(id: number, data: string): void {
		// Keys arrive as JS strings; the tty sees UTF-8 bytes.
		const bytes = String.fromCharCode(...new TextEncoder().encode(data));
		this.input_({ slice: 0, op: 'input', id, data: bytes });
	}

	attach(id: number, onOutput: (chunk: Uint8Array) => void): () => void {
		const t = this.terms.get(id);
		if (!t) return () => {};
		if (t.backlog) onOutput(encode(t.backlog));
		t.listeners.add(onOutput);
		return () => t.listeners.delete(onOutput);
	}

	resize(id: number, cols: number, rows: number): void {
		this.input_({ slice: 0, op: 'resize', id, cols, rows });
	}

	onTerminals(cb: (terminals: TerminalInfo[]) => void): () => void {
		this.termListeners.add(cb);
		cb(this.terminalList());
		return () => this.termListeners.delete(cb);
	}

	onEvent(cb: (event: KernelEvent) => void): () => void {
		this.eventListeners.add(cb);
		const off = this.k.onEvent(cb);
		return () => {
			this.eventListeners.delete(cb);
			off();
		};
	}

	onLog(cb: (entry: LogEntry) => void): () => void {
		this.logListeners.add(cb);
		return () => this.logListeners.delete(cb);
	}

	async inspect(): Promise<KernelSnapshot | null> {
		return this.k.snapshot();
	}

	async readAs(pid: number, path: string): Promise<string> {
		const p = this.k.procs.get(pid);
		if (!p) throw new Error(`no process ${pid}`);
		const r = this.k.vfs.resolve(p, path);
		if (isErrno(r)) throw new Error(`${path}: ${r.message}`);
		const inode = r.inode!;
		return fromBytes(inode.generate ? inode.generate(p) : inode.data);
	}

	async save(): Promise<SavedState> {
		return {
			backend: 'model',
			version: 1,
			boot: { ...this.boot },
			log: this.log.map((e) => ({ ...e }))
		};
	}

	async restore(state: SavedState): Promise<void> {
		if (state.backend !== 'model') throw new Error('a model machine restores model states only');
		this.boot = defaultBoot(state.boot);
		for (const t of this.terms.values()) t.listeners.clear();
		await this.start(state.log);
		this.notifyTerminals();
	}

	async exec(opts: ExecOptions): Promise<ExecResult> {
		const copy = await ModelMachine.create({ ...this.boot, clock: 'jump' }, this.log);
		try {
			return await copy.run(opts);
		} finally {
			copy.dispose();
		}
	}

	/** Runs `sh -c command` on this machine, capturing both streams (used on throwaway copies). */
	async run(opts: ExecOptions): Promise<ExecResult> {
		const k = this.k;
		const user = this.users.find((u) => u.name === (opts.user ?? 'root'));
		if (!user) return { stdout: '', stderr: `exec: unknown user ${opts.user}\n`, exitCode: 1 };
		const out = { stdout: '', stderr: '' };
		const capture = (key: 'stdout' | 'stderr') =>
			k.newFile({ write: (_f, d) => ((out[key] += d), d.length) }, O_WRONLY, `pipe:[${key}]`);
		const devnull = k.newFile({ read: () => '' }, O_RDONLY, '/dev/null');
		const p = k.spawn({
			parent: k.procs.get(1)!,
			path: '/bin/sh',
			argv: ['sh', '-c', opts.command],
			env: {
				PATH: '/usr/sbin:/sbin:/usr/bin:/bin',
				HOME: user.home,
				USER: user.name,
				LOGNAME: user.name,
				SHELL: user.shell
			},
			creds: user.uid === 0 ? rootCreds() : userCreds(user.uid, user.gid),
			files: [devnull, capture('stdout'), capture('stderr')],
			cwd: k.lookup(user.home) ?? k.root
		});
		if (isErrno(p)) return { stdout: '', stderr: `sh: ${p.message}\n`, exitCode: 127 };
		if (opts.ctx) enterContext(this.k, p, opts.ctx);
		this.execDeadline = k.clock + EXEC_LIMIT_MS * 1000;
		while (p.state !== 'Z') {
			if (await k.runSlice()) continue;
			const next = k.nextTimer();
			const to = next !== null ? Math.min(next, this.execDeadline) : this.execDeadline;
			if (to <= k.clock) break;
			k.advanceClock(to);
		}
		this.execDeadline = null;
		if (p.state !== 'Z') {
			k.postSignal(p, 9);
			return {
				stdout: fromBytes(out.stdout),
				stderr: fromBytes(out.stderr) + 'exec: timed out\n',
				exitCode: 124
			};
		}
		const s = p.exitStatus;
		const exitCode = (s & 0x7f) === 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
		return { stdout: fromBytes(out.stdout), stderr: fromBytes(out.stderr), exitCode };
	}

	settle(id: number, boundMs: number): Promise<SettleResult> {
		return new Promise((resolve) => {
			this.settles.push({ id, deadline: this.k.clock + boundMs * 1000, resolve });
			if (!this.checkSettles()) this.pump();
		});
	}

	/** Internal errors seen so far (a program or handler that threw). */
	get faults(): readonly string[] {
		return this.hosts.flatMap((h) => h.k.faults);
	}

	dispose(): void {
		this.disposed = true;
		this.stopWall();
		for (const s of this.settles) s.resolve('exited');
		this.settles = [];
	}
}

function nowMs(): number {
	return performance.now();
}
