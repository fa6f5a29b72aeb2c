// The network part of the kernel wired into a machine: its stack, /proc/net, and the ipv4root
// lines of /proc/PID/status. The Machine calls installNet once per kernel at boot.
import type { Kernel } from '../kernel.ts';
import { Process } from '../process.ts';
import {
	S_IFDIR,
	S_IFREG,
	type FileSystem,
	type Inode,
	type Listed,
	type PathContext
} from '../vfs.ts';
import { ipv4rootLines, ipv4rootView } from './ipv4root.ts';
import { procNetFiles } from './procnet.ts';
import { attachNet, type NetOptions, type NetStack } from './stack.ts';

export { netOf, attachNet, Segment, NetStack } from './stack.ts';
export { ipv4rootLines, ipv4rootView, ipv4rootOf } from './ipv4root.ts';
export {
	socketVisible,
	deviceVisible,
	socketViews,
	interfaceViews,
	procNetFiles
} from './procnet.ts';

/** The parts of ProcFs this file uses, by shape, so the two files evolve independently. */
interface ProcFsLike {
	fs: FileSystem;
	registerDir?: (name: string, dir?: Inode) => Inode;
	ipv4Text?: (viewer: Process | null, target: Process) => string;
	ctxInfo?: (target: Process) => { ipv4root: { ip: string; mask: string }[]; bcast: string };
}

/** A generated directory's hooks (the VFS's lookup/list for /proc). */
interface GeneratedDir {
	lookup?: (who: PathContext, name: string) => Inode | null;
	list?: (who: PathContext) => [string, Listed][];
}

export function installNet(k: Kernel, opts: NetOptions = {}): NetStack {
	const st = attachNet(k, opts);
	const procfs = (k as unknown as { procfs?: ProcFsLike }).procfs;
	if (!procfs) return st;
	if (procfs.ipv4Text) procfs.ipv4Text = (_v, t) => ipv4rootLines(t);
	if (procfs.ctxInfo) {
		const prev = procfs.ctxInfo;
		procfs.ctxInfo = (t) => ({ ...prev(t), ...ipv4rootView(t) });
	}
	if (procfs.registerDir) {
		const dir = k.vfs.newInode(procfs.fs, S_IFDIR | 0o555);
		dir.nlink = 2;
		const files = new Map<string, Inode>();
		for (const [name, gen] of Object.entries(procNetFiles)) {
			const f = k.vfs.newInode(procfs.fs, S_IFREG | 0o444);
			f.nlink = 1;
			f.parent = dir;
			f.generate = (v) => gen(k, v instanceof Process ? v : null);
			files.set(name, f);
		}
		const g = dir as Inode & GeneratedDir;
		g.lookup = (_who, name) => files.get(name) ?? null;
		g.list = () => [...files];
		procfs.registerDir('net', dir);
	}
	return st;
}
